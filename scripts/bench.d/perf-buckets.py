#!/usr/bin/env python3
"""Sorts the samples of `perf script -F comm,ip,sym` (recorded with -g) into buckets by what the stack is doing,
first matching rule wins, to read where fleetdiff's client CPU goes. Prints percent of samples per bucket.

usage: perf script -i perf.data -F comm,ip,sym | perf-buckets.py
"""
import collections
import sys

# (bucket, substrings of any frame); checked in order, first match wins.
RULES = [
    ("platform thread start/exit", ["JVM_StartThread", "os::create_thread", "pthread_create", "JavaThread::exit",
                                    "JavaThread::pre_run", "JavaThread::post_run", "ThreadsSMRSupport", "do_exit",
                                    "Threads::remove", "Threads::add", "JavaThread::~JavaThread", "exit_mm",
                                    "JavaThread::prepare", "JavaThread::run()"]),
    ("jit compiler", ["CompileBroker::"]),
    ("gc", ["G1 ", "GC Thread", "G1ParScan", "G1CollectedHeap::do_collection", "ConcurrentGCThread"]),
    ("kex: x25519", ["X25519"]),
    ("kex: host key verify (ed25519)", ["SignatureEdDSA.verify", "Ed25519.verify", "Ed25519.implVerify"]),
    ("auth: sign (ed25519)", ["KeyedAuthMethod.putSig", "Ed25519.implSign"]),
    ("kex: other (hash, keys, ciphers init)", ["KeyExchanger", "AbstractDHG", "TransportImpl.sendKexInit"]),
    ("connect (socket, TCP handshake)", ["SocketClient.connect", "Net.connect"]),
    ("sqlite reads (latest)", ["JdbcStore.latest"]),
    ("sqlite writer", ["GroupCommitWriter"]),
    ("disconnect", ["SSHClient.disconnect", "TransportImpl.disconnect"]),
    ("channel open/exec/close", ["startSession", "SessionChannel.exec", "AbstractChannel.close",
                                 "closeInBackground", "AbstractDirectChannel.open"]),
    ("packet decode/decrypt (reader)", ["Decoder.decode", "Decoder.received"]),
    ("packet encode/encrypt (writer)", ["Encoder.encode", "TransportImpl.write"]),
    ("reading output streams", ["OutputCapture", "ChannelInputStream.read"]),
    ("compare + rules", ["OutputComparer", "RuleEngine", "OssecRuleEngine", "CheckDiffEveryCommand"]),
    ("printing", ["SweepPrinter"]),
    ("virtual thread scheduling", ["VirtualThread", "ForkJoinPool", "Continuation"]),
    ("futex/park", ["futex", "Unsafe_Park", "Parker::park"]),
]


def samples(stream):
    comm, frames = None, []
    for line in stream:
        if not line.strip():
            if comm is not None:
                yield comm, frames
            comm, frames = None, []
        elif not line.startswith(("\t", " ")) or comm is None:
            comm, frames = line.strip(), []
        else:
            frames.append(line.strip().split(" ", 1)[-1])
    if comm is not None:
        yield comm, frames


def main():
    buckets, threads = collections.Counter(), collections.Counter()
    total = 0
    for comm, frames in samples(sys.stdin):
        total += 1
        threads[comm] += 1
        for bucket, needles in RULES:
            if any(n in f for f in frames for n in needles) or any(n in comm for n in needles):
                buckets[bucket] += 1
                break
        else:
            buckets["other: " + comm] += 1
    print(f"{total} samples")
    for bucket, count in buckets.most_common():
        print(f"{100.0 * count / total:6.1f}%  {bucket}")
    print("\nby thread")
    for comm, count in threads.most_common(12):
        print(f"{100.0 * count / total:6.1f}%  {comm}")


if __name__ == "__main__":
    main()
