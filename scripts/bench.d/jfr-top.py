#!/usr/bin/env python3
"""Sums JFR CPU samples by method: self (top frame) and inclusive (anywhere in the stack, once per sample), and by
the first frame of a chosen package prefix, for reading where fleetdiff's client CPU goes.

usage: jfr-top.py RECORDING.jfr [--event jdk.CPUTimeSample] [--skip-seconds S] [--top N]
"""
import argparse
import collections
import datetime
import json
import os
import subprocess


def frames_of(event):
    stack = event["values"].get("stackTrace") or {}
    out = []
    for frame in stack.get("frames", []):
        method = frame["method"]
        out.append(method["type"]["name"] + "." + method["name"])
    return out


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("recording")
    parser.add_argument("--event", default="jdk.CPUTimeSample")
    parser.add_argument("--skip-seconds", type=float, default=0.0, help="ignore samples this soon after the first")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr")
    text = subprocess.run([jfr, "print", "--json", "--stack-depth", "200", "--events", args.event, args.recording],
                          check=True, capture_output=True, text=True).stdout
    events = json.loads(text)["recording"]["events"]
    events.sort(key=lambda e: e["values"]["startTime"])
    if events and args.skip_seconds:
        first = parse_time(events[0]["values"]["startTime"])
        events = [e for e in events
                  if (parse_time(e["values"]["startTime"]) - first).total_seconds() >= args.skip_seconds]
    self_counts, inclusive, lib = collections.Counter(), collections.Counter(), collections.Counter()
    threads = collections.Counter()
    for event in events:
        frames = frames_of(event)
        if not frames:
            continue
        self_counts[frames[0]] += 1
        thread = (event["values"].get("eventThread") or {}).get("javaName") or "?"
        threads["virtual" if not thread else "".join("#" if c.isdigit() else c for c in thread)] += 1
        for method in set(frames):
            inclusive[method] += 1
        lib[".".join(frames[0].replace("/", ".").split(".")[:3])] += 1
    total = len(events)
    print(f"{total} samples")
    for title, counter in (("self", self_counts), ("inclusive", inclusive), ("self by package", lib), ("by thread", threads)):
        print(f"\n== {title}")
        for method, count in counter.most_common(args.top):
            print(f"{100.0 * count / total:6.1f}%  {count:6d}  {method}")


if __name__ == "__main__":
    main()
