#!/usr/bin/env python3
"""Turns the raw figures of one scripts/bench run (DIR/results/*.json, fleetdiff's sweep lines) into the tables.

A host-poll is one host with all K commands: for fleetdiff one SSH connection running K channels, for a peer the K
passes' K connections to that host. Per-host-poll figures divide a sweep's (fleetdiff) or all K passes' (peer)
totals by the number of hosts.
"""
import argparse
import glob
import json
import os
import re
import statistics

PEERS = ("pssh", "clush", "xargs")
SWEEP_LINE = re.compile(r"^fleetdiff-sweep (.*)$")


def load(path):
    with open(path) as f:
        return json.load(f)


def sweep_lines(stderr_path):
    """The per-sweep figures fleetdiff printed with --repeat, as dicts of ints."""
    sweeps = []
    with open(stderr_path, errors="replace") as f:
        for line in f:
            match = SWEEP_LINE.match(line.strip())
            if match:
                sweeps.append({k: int(v) for k, v in (kv.split("=") for kv in match.group(1).split())})
    return sweeps


def mean(values):
    return statistics.fmean(values) if values else float("nan")


def summary_of(stdout_path):
    """fleetdiff's last summary line ('N hosts polled in ...: a changed, b failed, c alerts')."""
    last = ""
    with open(stdout_path, errors="replace") as f:
        for line in f:
            if " hosts polled in " in line:
                last = line.strip()
    return last


class Row:
    def __init__(self, tool, wall, cpu, rss_kib, fleet_cpu, machine, cpus, hosts, note=""):
        self.tool, self.wall, self.cpu, self.rss_kib = tool, wall, cpu, rss_kib
        self.fleet_cpu, self.machine, self.cpus, self.hosts, self.note = fleet_cpu, machine, cpus, hosts, note

    def bound(self):
        """The shortest wall time the machine allows for this work: all CPU spent, on every core."""
        return (self.fleet_cpu + self.cpu) / self.cpus

    def cells(self):
        return [self.tool, f"{self.wall:8.2f}", f"{self.hosts / self.wall:7.1f}", f"{1000 * self.cpu / self.hosts:7.2f}",
                f"{self.rss_kib / 1024:7.0f}", f"{1000 * self.fleet_cpu / self.hosts:7.1f}",
                f"{self.fleet_cpu / self.cpus:6.2f}", f"{100 * self.bound() / self.wall:5.0f}%",
                f"{max(0.0, self.machine - self.cpu - self.fleet_cpu):6.1f}", self.note]


HEADER = ["tool", "wall s", "hosts/s", "cpu ms/hp", "RSS MiB", "fleet ms/hp", "cap s", "of cap", "other s", "note"]


def table(rows):
    widths = [max(len(str(r[i])) for r in [HEADER] + rows) for i in range(len(HEADER))]
    lines = ["  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in [HEADER] + rows]
    return "\n".join(lines)


def fleetdiff_rows(args, rounds):
    rows, cold = [], []
    for rnd in rounds:
        name = f"fleetdiff-r{rnd}"
        path = os.path.join(args.dir, "results", name + ".json")
        if not os.path.exists(path):
            continue
        result = load(path)
        sweeps = sweep_lines(os.path.join(args.dir, "out", name + ".stderr"))
        if not sweeps:
            rows.append(None)
            continue
        steady = [s for s in sweeps if s["sweep"] > args.warm_up]
        fleet_per_sweep = result["fleet_cpu_s"] / len(sweeps)
        machine_per_sweep = result["machine_busy_s"] / len(sweeps)
        rows.append(Row(f"fleetdiff (r{rnd}, warm)", mean([s["wall_ms"] for s in steady]) / 1000,
                        mean([s["cpu_ms"] for s in steady]) / 1000, result["client_peak_tree_rss_kib"],
                        fleet_per_sweep, machine_per_sweep, result["cpus"], args.hosts,
                        f"sweeps {steady[0]['sweep']}-{steady[-1]['sweep']} of {len(sweeps)}; exit {result['exit']}"))
        first = sweeps[0]
        other_wall = sum(s["wall_ms"] for s in sweeps[1:]) / 1000
        other_cpu = sum(s["cpu_ms"] for s in sweeps[1:]) / 1000
        cold.append({
            "round": rnd,
            "first_wall": first["wall_ms"] / 1000, "first_cpu": first["cpu_ms"] / 1000,
            "jvm_wall": result["wall_s"] - other_wall - first["wall_ms"] / 1000,
            "jvm_cpu": result["client_cpu_s"] - other_cpu - first["cpu_ms"] / 1000,
            "oneshot_wall": result["wall_s"] - other_wall, "oneshot_cpu": result["client_cpu_s"] - other_cpu,
            "steady": steady, "sweeps": sweeps, "summary": summary_of(os.path.join(args.dir, "out", name + ".stdout")),
        })
    return rows, cold


def peer_rows(args, tool, rounds):
    rows = []
    for rnd in rounds:
        name = f"{tool}-r{rnd}"
        path = os.path.join(args.dir, "results", name + ".json")
        if not os.path.exists(path):
            continue
        r = load(path)
        outputs_path = os.path.join(args.dir, "results", name + ".outputs")
        outputs = open(outputs_path).read().strip() if os.path.exists(outputs_path) else "?"
        rows.append(Row(f"{tool} (r{rnd})", r["wall_s"], r["client_cpu_s"], r["client_peak_tree_rss_kib"],
                        r["fleet_cpu_s"], r["machine_busy_s"], r["cpus"], args.hosts,
                        f"{outputs}/{args.hosts * args.commands} outputs; exit {r['exit']}"))
    return rows


def averaged(name, rows):
    rows = [r for r in rows if r is not None]
    if not rows:
        return None
    return Row(name, mean([r.wall for r in rows]), mean([r.cpu for r in rows]), max(r.rss_kib for r in rows),
               mean([r.fleet_cpu for r in rows]), mean([r.machine for r in rows]), rows[0].cpus, rows[0].hosts,
               f"mean of {len(rows)} rounds")


def comparison(args):
    rounds = sorted({int(m.group(1)) for p in glob.glob(os.path.join(args.dir, "results", "*-r*.json"))
                     for m in [re.search(r"-r(\d+)\.json$", p)] if m})
    out = [f"== Comparison: {args.hosts} hosts x {args.commands} commands, concurrency {args.concurrency}, "
           f"{len(rounds)} rounds (tool order alternates)",
           "host-poll (hp) = one host with all its commands: fleetdiff one connection with K channels, "
           "a peer K passes (K connections).",
           "cpu = user+sys of the client's whole process tree; fleet = CPU of the simulated hosts' sshd and commands;",
           "cap s = the fleet's CPU spread over every core: no client can finish faster on this machine; "
           "of cap = (fleet+client CPU)/cores / wall;",
           "other s = CPU the machine spent on neither (the sampler, other processes): noise.", ""]
    means, detail = {}, []
    fd_rows, cold = fleetdiff_rows(args, rounds) if glob.glob(os.path.join(args.dir, "results", "fleetdiff-r*.json")) \
        else ([], [])
    detail.extend(r for r in fd_rows if r is not None)
    if fd_rows:
        means["fleetdiff"] = averaged("fleetdiff (warm)", fd_rows)
    for tool in PEERS:
        rows = peer_rows(args, tool, rounds)
        detail.extend(rows)
        if rows:
            means[tool] = averaged(tool, rows)
    out.append(table([r.cells() for r in detail]))
    out.append("")
    out.append(table([r.cells() for r in means.values() if r is not None]))
    peers = [means[t] for t in PEERS if means.get(t)]
    fd = means.get("fleetdiff")
    if fd and peers:
        fastest = min(peers, key=lambda r: r.wall)
        leanest = min(peers, key=lambda r: r.cpu)
        out += ["",
                f"fleetdiff vs the fastest peer ({fastest.tool}): {fastest.wall / fd.wall:.2f}x faster "
                f"(wall {fd.wall:.2f} s vs {fastest.wall:.2f} s)",
                f"fleetdiff vs the leanest peer ({leanest.tool}): client CPU {fd.cpu / leanest.cpu:.3f} of it "
                f"({1000 * fd.cpu / fd.hosts:.2f} vs {1000 * leanest.cpu / leanest.hosts:.2f} ms per host-poll)",
                f"one-shot fleetdiff (new JVM, start and JIT warm-up included): "
                f"{fastest.wall / mean([c['oneshot_wall'] for c in cold]):.2f}x faster than {fastest.tool}, client CPU "
                f"{mean([c['oneshot_cpu'] for c in cold]) / leanest.cpu:.3f} of {leanest.tool}'s",
                f"fleetdiff's wall is {fd.wall / (fd.fleet_cpu / fd.cpus):.2f}x the fleet-only cap "
                f"({fd.fleet_cpu / fd.cpus:.2f} s) and {fd.wall / fd.bound():.2f}x the fleet+client cap "
                f"({fd.bound():.2f} s)"]
    for c in cold:
        steady_cpu = mean([s["cpu_ms"] for s in c["steady"]])
        out += ["",
                f"fleetdiff r{c['round']}: {c['summary']}",
                f"  one-shot (JVM start, first sweep with cold JIT, exit): wall {c['oneshot_wall']:.2f} s, "
                f"CPU {c['oneshot_cpu']:.2f} s = {1000 * c['oneshot_cpu'] / args.hosts:.2f} ms/hp",
                f"  of which JVM start+exit outside the sweep: wall {c['jvm_wall']:.2f} s, CPU {c['jvm_cpu']:.2f} s; "
                f"first sweep: wall {c['first_wall']:.2f} s, CPU {c['first_cpu']:.2f} s",
                "  per sweep (wall s / CPU s / writer CPU ms / GC ms / peak heap MiB / peak threads): " + ", ".join(
                    f"{s['wall_ms'] / 1000:.1f}/{s['cpu_ms'] / 1000:.2f}/{s['writer_cpu_ms']}/{s['gc_ms']}"
                    f"/{s['peak_heap_mib']}/{s['peak_threads']}" for s in c["sweeps"]),
                f"  steady CPU per host-poll: {steady_cpu / args.hosts:.2f} ms"]
    return "\n".join(out)


def concurrency_sweep(args):
    """Each tool at each concurrency of --concurrency-sweep, as whole processes (fleetdiff one-shot), and its best."""
    if not args.concurrency_sweep:
        return ""
    levels = [int(c) for c in args.concurrency_sweep.split(",")]
    out = ["", f"== Concurrency sweep: {args.hosts} hosts x {args.commands} commands"
               + (f" at RTT {args.rtt}" if args.rtt else "")
               + "; every tool as one whole process (fleetdiff: one-shot poll --all, JVM start included)"]
    rows, best = [], {}
    for tool in ("fleetdiff",) + PEERS:
        for c in levels:
            path = os.path.join(args.dir, "results", f"{tool}-c{c}.json")
            if not os.path.exists(path):
                continue
            r = load(path)
            outputs_path = os.path.join(args.dir, "results", f"{tool}-c{c}.outputs")
            note = f"exit {r['exit']}; shaper CPU {r.get('shaper_cpu_s', 0):.1f} s"
            if os.path.exists(outputs_path):
                note = f"{open(outputs_path).read().strip()}/{args.hosts * args.commands} outputs; " + note
            elif tool == "fleetdiff":
                note = summary_of(os.path.join(args.dir, "out", f"{tool}-c{c}.stdout")) + "; " + note
            row = Row(f"{tool} at {c}", r["wall_s"], r["client_cpu_s"], r["client_peak_tree_rss_kib"], r["fleet_cpu_s"],
                      r["machine_busy_s"] - r.get("shaper_cpu_s", 0), r["cpus"], args.hosts, note)
            rows.append(row)
            if r["exit"] == 0 and (tool not in best or row.wall < best[tool].wall):
                best[tool] = row
    out.append(table([r.cells() for r in rows]))
    fd = best.get("fleetdiff")
    peers = [best[t] for t in PEERS if t in best]
    if fd and peers:
        fastest = min(peers, key=lambda r: r.wall)
        leanest = min(peers, key=lambda r: r.cpu)
        out += ["", f"each at its best concurrency: {fd.tool} wall {fd.wall:.2f} s = {fd.wall / fastest.wall:.3f} of "
                    f"the fastest peer's ({fastest.tool}, {fastest.wall:.2f} s); client CPU {fd.cpu:.2f} s = "
                    f"{fd.cpu / leanest.cpu:.3f} of the leanest peer's ({leanest.tool}, {leanest.cpu:.2f} s)"]
    return "\n".join(out)


def round_trips(args):
    """One host-poll's connections through the shaper: fleetdiff's one, OpenSSH's K (ControlMaster off)."""
    paths = [os.path.join(args.dir, "results", f"probe-{t}.jsonl") for t in ("fleetdiff", "ssh")]
    if not all(os.path.exists(p) for p in paths):
        return ""
    fd = [json.loads(line) for line in open(paths[0]) if line.strip()]
    ssh = [json.loads(line) for line in open(paths[1]) if line.strip()]
    rtt = duration_seconds(args.rtt)
    out = ["", f"== Round trips of one host-poll ({args.commands} commands) at RTT {args.rtt}: client flights "
               "(bursts the client sent after receiving something), and connection time / RTT"]
    if fd:
        last = fd[-1]
        out.append(f"fleetdiff, one connection (the last of {len(fd)} polls in one JVM): {last['client_flights']} flights, "
                   f"{last['seconds']:.2f} s = {last['seconds'] / rtt:.1f} RTT")
    if ssh:
        out.append(f"ssh (OpenSSH, ControlMaster off), {len(ssh)} connections: "
                   f"{sum(c['client_flights'] for c in ssh)} flights ({', '.join(str(c['client_flights']) for c in ssh)}), "
                   f"{sum(c['seconds'] for c in ssh):.2f} s = {sum(c['seconds'] for c in ssh) / rtt:.1f} RTT")
    return "\n".join(out)


def duration_seconds(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)", text)
    return float(match.group(1)) / (1000 if match.group(2) == "ms" else 1)


def big(args):
    base = os.path.join(args.dir, "results", "big-baseline.json")
    again = os.path.join(args.dir, "results", "big-unchanged.json")
    if not (os.path.exists(base) and os.path.exists(again)):
        return ""
    out = ["", f"== fleetdiff alone: {args.big_hosts} hosts x {args.big_commands} commands, "
               f"concurrency {args.concurrency}"]
    for label, path, name in (("baseline (new DB), own JVM", base, "big-baseline"),
                              ("unchanged, new JVM", again, "big-unchanged")):
        r = load(path)
        sweeps = sweep_lines(os.path.join(args.dir, "out", name + ".stderr"))
        out.append(f"{label}: process wall {r['wall_s']:.1f} s, CPU {r['client_cpu_s']:.1f} s, "
                   f"peak RSS {r['client_peak_tree_rss_kib'] / 1024:.0f} MiB, peak threads {r['client_peak_threads']}, "
                   f"fleet CPU {r['fleet_cpu_s']:.0f} s (cap {r['fleet_cpu_s'] / r['cpus'] / max(1, len(sweeps)):.1f} s "
                   f"per sweep), exit {r['exit']}")
        for s in sweeps:
            out.append(f"  sweep {s['sweep']}: {s['wall_ms'] / 1000:.1f} s = {s['hosts'] * 1000 / s['wall_ms']:.0f} hosts/s, "
                       f"CPU {s['cpu_ms'] / 1000:.2f} s = {s['cpu_ms'] / s['hosts']:.2f} ms/hp, "
                       f"store writer CPU {s['writer_cpu_ms']} ms, GC {s['gc_ms']} ms, peak heap {s['peak_heap_mib']} MiB, "
                       f"peak threads {s['peak_threads']}, RSS high-water {s['vm_hwm_kib'] / 1024:.0f} MiB")
        out.append("  " + summary_of(os.path.join(args.dir, "out", name + ".stdout")))
    before = int(open(os.path.join(args.dir, "results", "big-db-before")).read())
    after = int(open(os.path.join(args.dir, "results", "big-db-after")).read())
    unchanged = len(sweep_lines(os.path.join(args.dir, "out", "big-unchanged.stderr"))) or 1
    out.append(f"database (after a WAL checkpoint): {before / 1024:.0f} KiB after the baseline, {after / 1024:.0f} KiB "
               f"after {unchanged} unchanged sweep(s): {(after - before) / unchanged / 1024:.1f} KiB per unchanged sweep")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser()
    for option in ("--dir",):
        parser.add_argument(option, required=True)
    for option in ("--hosts", "--commands", "--concurrency", "--warm-up", "--big-hosts", "--big-commands"):
        parser.add_argument(option, type=int, required=True)
    parser.add_argument("--rtt", default="")
    parser.add_argument("--concurrency-sweep", default="")
    args = parser.parse_args()
    env = os.path.join(args.dir, "results", "env.txt")
    if os.path.exists(env):
        print(open(env).read())
    print(comparison(args))
    for text in (concurrency_sweep(args), round_trips(args), big(args)):
        if text:
            print(text)


if __name__ == "__main__":
    main()
