#!/usr/bin/env python3
"""Runs `fleetdiff run` against an in-process fake fleet (FakeFleet, one JVM serving N loopback hosts) for a number
of schedule periods and reports whether it kept the schedule: fire times kept and skipped (the daemon's own counts,
printed when it stops), polls stored per host, and the run process's heap (GC log), threads, file descriptors, RSS
and CPU (sampled from /proc).

usage: soak.py --java JAVA --classpath CP --jar JAR --dir DIR [--hosts N] [--period-minutes P] [--splay S]
               [--periods K] [--concurrency C] [--heap 512m]
"""
import argparse
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta

from measure import TICKS, stat_fields

SAMPLE_SECONDS = 5
READY_TIMEOUT = 300
STOP_TIMEOUT = 90
GC_LINE = re.compile(r"\[([\d.]+)s\].*GC\(\d+\) (Pause .*?) (\d+)M->(\d+)M\((\d+)M\)")


def proc_sample(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        fds = len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None
    fields = stat_fields(pid)
    if fields is None:
        return None
    return {
        "threads": int(status["Threads"]),
        "rss_mib": int(status["VmRSS"].split()[0]) / 1024,
        "fds": fds,
        "cpu_s": (int(fields[11]) + int(fields[12])) / TICKS,
    }


def live_heap_mib(java, pid):
    """Live heap of the process: jcmd's class histogram runs a full GC first and totals what survives."""
    jcmd = os.path.join(os.path.dirname(java), "jcmd")
    try:
        out = subprocess.run([jcmd, str(pid), "GC.class_histogram"], capture_output=True, text=True,
                             timeout=120).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    total = [line for line in out.splitlines() if line.startswith("Total")]
    return int(total[0].split()[2]) / 2**20 if total else None


def next_fire(now, period_minutes):
    base = now.replace(second=0, microsecond=0)
    minutes = (base.minute // period_minutes + 1) * period_minutes
    return base.replace(minute=0) + timedelta(minutes=minutes)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--java", required=True)
    ap.add_argument("--classpath", required=True)
    ap.add_argument("--jar", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--hosts", type=int, default=10000)
    ap.add_argument("--period-minutes", type=int, default=5)
    ap.add_argument("--splay", default="4m")
    ap.add_argument("--periods", type=int, default=3)
    ap.add_argument("--concurrency", type=int, default=64)
    ap.add_argument("--heap", default="512m")
    a = ap.parse_args()
    if 60 % a.period_minutes:
        sys.exit("soak.py: --period-minutes must divide 60")
    splay_seconds = int(a.splay[:-1]) * {"s": 1, "m": 60}[a.splay[-1]]
    if splay_seconds >= 60 * a.period_minutes:
        sys.exit("soak.py: --splay must be shorter than the period")
    os.makedirs(a.dir, exist_ok=True)
    schedule = f"0 */{a.period_minutes} * * * ?"

    fleet_log = open(os.path.join(a.dir, "fleet.log"), "w")
    fleet = subprocess.Popen([a.java, "-Xmx3g", "-cp", a.classpath, "dev.fleetdiff.testing.FakeFleet", a.dir,
                              str(a.hosts), schedule, a.splay, str(a.concurrency)],
                             stdout=subprocess.PIPE, stderr=fleet_log, text=True)
    run = None
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        line = ""
        while not line.startswith("ready") and time.monotonic() < deadline and fleet.poll() is None:
            line = fleet.stdout.readline()
        if not line.startswith("ready"):
            sys.exit("soak.py: the fake fleet did not start; see " + fleet_log.name)
        print(line.strip(), flush=True)

        config = os.path.join(a.dir, "hosts.yaml")
        gc_log = os.path.join(a.dir, "gc.log")
        run_out = open(os.path.join(a.dir, "run.out"), "w")
        run_err = open(os.path.join(a.dir, "run.log"), "w")
        started = datetime.now()
        run = subprocess.Popen([a.java, f"-Xmx{a.heap}", f"-Xlog:gc:file={gc_log}", "-Dfleetdiff.ssh.log.level=WARN", "-jar", a.jar, "run",
                                "--config", config, "-v"], stdout=run_out, stderr=run_err)
        first = next_fire(started + timedelta(seconds=20), a.period_minutes)
        last = first + timedelta(minutes=a.period_minutes * (a.periods - 1))
        # halfway between the end of the last fire time's splay window and the next fire time
        stop_at = last + timedelta(seconds=splay_seconds + (60 * a.period_minutes - splay_seconds) / 2)
        print(f"run pid {run.pid}: fire times {first:%H:%M:%S} .. {last:%H:%M:%S} ({a.periods}), "
              f"stopping at {stop_at:%H:%M:%S}", flush=True)
        samples = []
        while datetime.now() < stop_at:
            if run.poll() is not None:
                sys.exit(f"soak.py: fleetdiff run exited early with {run.returncode}; see {run_err.name}")
            sample = proc_sample(run.pid)
            if sample:
                sample["t"] = time.monotonic()
                samples.append(sample)
            time.sleep(SAMPLE_SECONDS)
        live_mib = live_heap_mib(a.java, run.pid)
        run.send_signal(signal.SIGTERM)
        stop_began = time.monotonic()
        run.wait(timeout=STOP_TIMEOUT)
        stop_seconds = time.monotonic() - stop_began
    finally:
        if run and run.poll() is None:
            run.kill()
        fleet.kill()
        fleet.wait()

    with open(os.path.join(a.dir, "run.out")) as f:
        out = f.read()
    counts = re.search(r"(\d+) polls fired, (\d+) started, (\d+) skipped as misfires", out)
    db = sqlite3.connect(os.path.join(a.dir, "fleetdiff.db"))
    per_host = [row[0] for row in db.execute("SELECT SUM(polls) FROM runs GROUP BY host")]
    results = dict(db.execute("SELECT result, SUM(polls) FROM runs GROUP BY result").fetchall())
    alerts = db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
    db.close()
    gcs = [GC_LINE.search(line) for line in open(gc_log)]
    gcs = [m for m in gcs if m]
    with open(os.path.join(a.dir, "run.log")) as f:
        warnings = [line.strip() for line in f if " WARN " in line or " ERROR " in line]

    print()
    print(f"fleetdiff run, {a.hosts} hosts x 3 commands, schedule \"{schedule}\", splay {a.splay}, "
          f"concurrency {a.concurrency}, -Xmx{a.heap}, {a.periods} fire times")
    if counts:
        print(f"- daemon counts at stop: {counts.group(1)} polls fired, {counts.group(2)} started, "
              f"{counts.group(3)} skipped as misfires")
    else:
        print("- daemon counts at stop: missing from run.out")
    print(f"- polls stored: {sum(per_host)} over {len(per_host)} hosts, per host min {min(per_host, default=0)}"
          f" max {max(per_host, default=0)}; results {results}; alerts {alerts}")
    if gcs:
        # the class histogram's own full GC (Heap Inspection) is the measurement, not the workload's
        full = sum(1 for m in gcs if m.group(2).startswith("Pause Full") and "Heap Inspection" not in m.group(2))
        failures = sum(1 for line in open(gc_log) if "Evacuation Failure" in line)
        print(f"- heap (GC log, {len(gcs)} pauses): peak used {max(int(m.group(3)) for m in gcs)} MiB of "
              f"{max(int(m.group(5)) for m in gcs)} MiB; {full} full GCs, {failures} evacuation failures")
    if live_mib is not None:
        print(f"- live heap just before SIGTERM (after a full GC): {live_mib:.0f} MiB")
    if samples:
        cpu = samples[-1]["cpu_s"] - samples[0]["cpu_s"]
        print(f"- process (sampled every {SAMPLE_SECONDS}s): threads max {max(s['threads'] for s in samples)}, "
              f"fds max {max(s['fds'] for s in samples)}, RSS max {max(s['rss_mib'] for s in samples):.0f} MiB, "
              f"CPU {cpu:.1f} s ({1000 * cpu / max(1, sum(per_host)):.2f} ms per host-poll incl. idle time)")
    if len(samples) >= 8:
        quarter = len(samples) // 4
        parts = [samples[i * quarter:(i + 1) * quarter] for i in range(4)]
        print("- by quarter of the run (max): threads " + " / ".join(str(max(x["threads"] for x in q)) for q in parts)
              + ", fds " + " / ".join(str(max(x["fds"] for x in q)) for q in parts)
              + ", RSS MiB " + " / ".join(f"{max(x['rss_mib'] for x in q):.0f}" for q in parts))
    young = [(float(m.group(1)), int(m.group(4))) for m in gcs if m.group(2).startswith("Pause Young")]
    if len(young) >= 8:
        quarter = len(young) // 4
        print("- heap after young GCs by quarter (min-max MiB): " + " / ".join(
            f"{min(a for _, a in young[i * quarter:(i + 1) * quarter])}-"
            f"{max(a for _, a in young[i * quarter:(i + 1) * quarter])}" for i in range(4)))
    print(f"- SIGTERM to exit: {stop_seconds:.1f} s")
    print(f"- warnings and errors logged: {len(warnings)}")
    for w in warnings[:10]:
        print("    " + w[:200])
    # a host whose offset puts its poll of the cron time before the first one after the start also polls then
    ok = counts and int(counts.group(3)) == 0 and counts.group(1) == counts.group(2) \
        and len(per_host) == a.hosts and a.periods <= min(per_host) <= max(per_host) <= a.periods + 1
    print("RESULT: " + ("schedule kept" if ok else "schedule NOT kept"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
