#!/usr/bin/env python3
"""Runs one client command and measures it: wall time, the CPU of the client's process tree (rusage of wait4, which
sums every descendant that was waited for), the peak of the tree's summed RSS and thread count (sampled from /proc),
the CPU of the simulated fleet (the sshd master's own and reaped children's CPU) and of the whole machine (/proc/stat).

usage: measure.py --fleet-pid PID [--shaper-pid PID] --out RESULT.json [--stdout FILE] [--stderr FILE] -- command [args...]
Writes one JSON object; exits with the command's exit status.
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time

SAMPLE_SECONDS = 0.25      # /proc sampling period for tree RSS and threads
SETTLE_SECONDS = 10.0      # at most this long waiting for the fleet to reap its sessions after the client ended
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (index 0 = state), or None if the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def cumulative_cpu_seconds(pid):
    """utime + stime + cutime + cstime of a process: its own CPU and that of every child it has reaped."""
    fields = stat_fields(pid)
    if fields is None:
        raise SystemExit(f"measure.py: process {pid} is gone (is the fleet still running?)")
    return sum(int(fields[i]) for i in (11, 12, 13, 14)) / TICKS


def machine_busy_seconds():
    """CPU seconds the whole machine spent outside idle and iowait since boot, and the number of CPUs."""
    with open("/proc/stat") as f:
        lines = f.read().splitlines()
    values = [int(v) for v in lines[0].split()[1:]]
    cpus = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    idle = values[3] + values[4]
    return (sum(values[:8]) - idle) / TICKS, cpus


def children_map():
    """parent pid -> list of child pids, for every process visible in /proc."""
    tree = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = stat_fields(name)
            if fields is not None:
                tree.setdefault(int(fields[1]), []).append(int(name))
    return tree


def descendants(root, tree):
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


class Sampler(threading.Thread):
    """Samples the summed RSS and thread count of a process tree until stopped; keeps the peaks."""

    def __init__(self, root):
        super().__init__(daemon=True)
        self.root = root
        self.peak_rss_kib = 0
        self.peak_threads = 0
        self.peak_processes = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            rss_pages = threads = processes = 0
            for pid in descendants(self.root, children_map()):
                fields = stat_fields(pid)
                if fields is None:
                    continue
                processes += 1
                threads += int(fields[17])
                rss_pages += int(fields[21])
            self.peak_rss_kib = max(self.peak_rss_kib, rss_pages * PAGE // 1024)
            self.peak_threads = max(self.peak_threads, threads)
            self.peak_processes = max(self.peak_processes, processes)
            self.stop.wait(SAMPLE_SECONDS)


def wait_for_fleet_idle(fleet_pid):
    """Waits (bounded) until the fleet's sshd has no session processes left, so their CPU is in its counters."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        if not children_map().get(fleet_pid):
            return True
        time.sleep(0.05)
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fleet-pid", type=int, required=True)
    parser.add_argument("--shaper-pid", type=int, default=0, help="the network shaper's process, whose CPU is reported")
    parser.add_argument("--out", required=True)
    parser.add_argument("--stdout", default=os.devnull)
    parser.add_argument("--stderr", default=os.devnull)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("a command is required after --")

    wait_for_fleet_idle(args.fleet_pid)
    fleet_before = cumulative_cpu_seconds(args.fleet_pid)
    busy_before, cpus = machine_busy_seconds()
    shaper_before = cumulative_cpu_seconds(args.shaper_pid) if args.shaper_pid else 0.0
    with open(args.stdout, "wb") as out, open(args.stderr, "wb") as err:
        started = time.monotonic()
        child = subprocess.Popen(command, stdout=out, stderr=err)
        sampler = Sampler(child.pid)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop.set()
        sampler.join()
    settled = wait_for_fleet_idle(args.fleet_pid)
    fleet_cpu = cumulative_cpu_seconds(args.fleet_pid) - fleet_before
    busy_after, _ = machine_busy_seconds()
    shaper_cpu = cumulative_cpu_seconds(args.shaper_pid) - shaper_before if args.shaper_pid else 0.0
    result = {
        "command": command,
        "exit": child.returncode,
        "wall_s": round(wall, 3),
        "client_user_s": round(usage.ru_utime, 3),
        "client_sys_s": round(usage.ru_stime, 3),
        "client_cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "client_max_process_rss_kib": usage.ru_maxrss,
        "client_peak_tree_rss_kib": max(sampler.peak_rss_kib, usage.ru_maxrss),
        "client_peak_threads": sampler.peak_threads,
        "client_peak_processes": sampler.peak_processes,
        "fleet_cpu_s": round(fleet_cpu, 3),
        "fleet_settled": settled,
        "machine_busy_s": round(busy_after - busy_before, 3),
        "shaper_cpu_s": round(shaper_cpu, 3),
        "cpus": cpus,
    }
    with open(args.out, "w") as f:
        json.dump(result, f)
        f.write("\n")
    sys.exit(child.returncode if child.returncode >= 0 else 128 - child.returncode)


if __name__ == "__main__":
    main()
