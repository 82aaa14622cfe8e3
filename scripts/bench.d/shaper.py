#!/usr/bin/env python3
"""A latency and bandwidth shaper for the bench fleet: a userspace TCP proxy that puts a simulated network between the
clients and fleet-sim's sshd, because this kernel has no netem.

It listens on one port of every loopback address (a client dials the host's own 127.x.y.z address, as it would dial
sshd) and forwards each connection to the same address on the target port, so sshd still sees which "host" was
dialled. Each direction of a connection is delayed by half the round-trip time plus a uniform jitter of at most half
the jitter, in order (a later chunk never overtakes an earlier one), and optionally capped at a byte rate. The TCP
handshake's round trip is simulated too: the upstream connection is opened one round trip after the client's.

Per connection it counts the client's flights: each burst of client bytes that follows bytes from the server (or
starts the connection) is one round trip the client waited for. With --log, one JSON line per closed connection.
On SIGTERM or SIGINT it writes a summary (connections, flights, its own CPU) to --stats and exits.

usage: shaper.py --listen-port P --target-port S [--rtt 100ms] [--jitter 10ms] [--rate 1MiB] [--log F] [--stats F]
"""
import argparse
import asyncio
import ipaddress
import json
import os
import random
import re
import resource
import signal
import socket
import sys
import time

HIGH_WATER = 256 * 1024   # bytes in flight in one direction before the sending side is paused
LOW_WATER = 64 * 1024     # ... and resumed
ORDER_STEP = 1e-6         # seconds between two deliveries of one direction, so the timer heap keeps their order
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")


def duration(text):
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected a duration such as 100ms or 0.1s, got '{text}'")
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "ms" else value


def byte_rate(text):
    match = re.fullmatch(r"(\d+)(|KiB|MiB|kbit|Mbit)", text)
    if not match:
        raise argparse.ArgumentTypeError(f"expected bytes per second such as 1MiB or 10Mbit, got '{text}'")
    factor = {"": 1, "KiB": 1024, "MiB": 1024 * 1024, "kbit": 125, "Mbit": 125_000}[match.group(2)]
    return int(match.group(1)) * factor


class Totals:
    """What every connection adds up to, for the summary."""

    def __init__(self):
        self.accepted = self.refused = self.closed = self.open = self.peak_open = self.failed_upstream = 0
        self.client_flights = 0
        self.bytes_up = self.bytes_down = 0
        self.flight_counts = {}


class Direction:
    """One direction of one connection: delays each chunk, keeps the order, caps the rate, pauses a fast sender."""

    def __init__(self, shaper, source):
        self.shaper = shaper
        self.source = source          # the transport the bytes come from (paused when too much is in flight)
        self.sink = None              # the transport they go to, once connected
        self.backlog = []             # chunks due before the sink was connected
        self.last_due = 0.0
        self.busy_until = 0.0
        self.in_flight = 0
        self.paused = False
        self.ended = None             # None while open, False after EOF, True after close
        self.delivered = None         # called after each chunk reaches the sink
        self.other = None             # the opposite direction of the same connection
        self.eof_delivered = False

    def due(self, size, earliest):
        loop = self.shaper.loop
        half = self.shaper.rtt / 2
        t = loop.time() + max(0.0, half + random.uniform(-self.shaper.jitter / 2, self.shaper.jitter / 2))
        if self.shaper.rate:
            self.busy_until = max(self.busy_until, loop.time()) + size / self.shaper.rate
            t = max(t, self.busy_until + half)
        t = max(t, earliest, self.last_due + ORDER_STEP)
        self.last_due = t
        return t

    def send(self, data, earliest=0.0):
        self.in_flight += len(data)
        self.shaper.loop.call_at(self.due(len(data), earliest), self.deliver, data)
        if self.in_flight > HIGH_WATER and not self.paused and self.source is not None:
            self.paused = True
            self.source.pause_reading()

    def end(self, close, earliest=0.0):
        """Ends this direction after the bytes already in flight: half-close (EOF) or close."""
        if self.ended is None or (close and self.ended is False):
            self.ended = close
            self.shaper.loop.call_at(self.due(0, earliest), self.deliver_end, close)

    def deliver(self, data):
        self.in_flight -= len(data)
        if self.sink is None:
            self.backlog.append(data)
        elif not self.sink.is_closing():
            self.sink.write(data)
        if self.delivered is not None:
            self.delivered()
        if self.paused and self.in_flight < LOW_WATER and self.source is not None and not self.source.is_closing():
            self.paused = False
            self.source.resume_reading()

    def deliver_end(self, close):
        if self.sink is None:
            self.backlog.append(b"" if not close else None)
            return
        if close:
            self.sink.close()
            return
        if self.sink.can_write_eof() and not self.sink.is_closing():
            try:
                self.sink.write_eof()
            except OSError:   # the peer is already gone: nothing more can pass this way
                self.sink.close()
        self.eof_delivered = True
        if self.other.eof_delivered:   # both halves shut: nothing more can pass
            self.sink.close()
            if self.other.sink is not None:
                self.other.sink.close()

    def connected(self, sink):
        self.sink = sink
        for item in self.backlog:
            if item is None:
                sink.close()
            elif item == b"":
                self.deliver_end(False)
            else:
                sink.write(item)
        self.backlog = []


class Connection(asyncio.Protocol):
    """The client's side of one proxied connection."""

    def __init__(self, shaper):
        self.shaper = shaper
        self.transport = None
        self.up = self.down = None
        self.upstream = None
        self.started = 0.0
        self.host = ""
        self.peer = ""
        self.flights = 0
        self.last_from_client = False
        self.bytes_up = self.bytes_down = 0
        self.done = False

    def connection_made(self, transport):
        self.transport = transport
        totals = self.shaper.totals
        peer, local = transport.get_extra_info("peername"), transport.get_extra_info("sockname")
        if ipaddress.ip_address(peer[0]) not in LOOPBACK or ipaddress.ip_address(local[0]) not in LOOPBACK:
            totals.refused += 1
            transport.abort()
            self.done = True
            return
        totals.accepted += 1
        totals.open += 1
        totals.peak_open = max(totals.peak_open, totals.open)
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.peer, self.host = f"{peer[0]}:{peer[1]}", local[0]
        self.started = self.shaper.loop.time()
        self.up = Direction(self.shaper, transport)
        self.down = Direction(self.shaper, None)
        self.down.sink = transport
        self.down.delivered = self.server_bytes_delivered
        self.up.other, self.down.other = self.down, self.up
        # The upstream connect is the TCP handshake's round trip: bytes reach sshd no earlier than it.
        self.connect_at = self.up.due(0, 0.0) + self.shaper.rtt / 2
        self.shaper.loop.call_at(self.connect_at, self.open_upstream)

    def open_upstream(self):
        self.shaper.loop.create_task(self.connect())

    async def connect(self):
        try:
            transport, _ = await self.shaper.loop.create_connection(
                lambda: Upstream(self), self.host, self.shaper.target_port)
        except OSError:
            self.shaper.totals.failed_upstream += 1
            self.transport.abort()
            return
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.upstream = transport
        self.down.source = transport
        self.up.connected(transport)

    def data_received(self, data):
        if not self.last_from_client:
            self.flights += 1
            self.last_from_client = True
        self.bytes_up += len(data)
        self.up.send(data, self.connect_at)

    def eof_received(self):
        self.up.end(False, self.connect_at)
        return True

    def connection_lost(self, exc):
        if self.up is not None:
            self.up.end(True, self.connect_at)
        self.finish()

    def server_bytes_delivered(self):
        # the client may answer only what it has received: its next bytes start a new flight
        self.last_from_client = False

    def from_server(self, data):
        self.bytes_down += len(data)
        self.down.send(data)

    def finish(self):
        if self.done:
            return
        self.done = True
        totals = self.shaper.totals
        totals.open -= 1
        totals.closed += 1
        totals.client_flights += self.flights
        totals.bytes_up += self.bytes_up
        totals.bytes_down += self.bytes_down
        totals.flight_counts[self.flights] = totals.flight_counts.get(self.flights, 0) + 1
        if self.shaper.log is not None:
            self.shaper.log.write(json.dumps({
                "host": self.host, "peer": self.peer, "client_flights": self.flights, "bytes_up": self.bytes_up,
                "bytes_down": self.bytes_down, "seconds": round(self.shaper.loop.time() - self.started, 4)}) + "\n")
            self.shaper.log.flush()


class Upstream(asyncio.Protocol):
    """sshd's side of one proxied connection."""

    def __init__(self, connection):
        self.connection = connection

    def data_received(self, data):
        self.connection.from_server(data)

    def eof_received(self):
        self.connection.down.end(False)
        return True

    def connection_lost(self, exc):
        self.connection.down.end(True)


class Shaper:
    def __init__(self, args, loop):
        self.loop = loop
        self.rtt, self.jitter, self.rate = args.rtt, args.jitter, args.rate
        self.target_port = args.target_port
        self.totals = Totals()
        self.log = open(args.log, "a") if args.log else None


def summary(shaper, started_wall):
    totals, cpu = shaper.totals, os.times()
    return {
        "rtt_ms": round(shaper.rtt * 1000, 3), "jitter_ms": round(shaper.jitter * 1000, 3), "rate": shaper.rate,
        "connections": totals.accepted, "refused": totals.refused, "closed": totals.closed,
        "failed_upstream": totals.failed_upstream, "peak_open": totals.peak_open,
        "client_flights": totals.client_flights, "flights_histogram": dict(sorted(totals.flight_counts.items())),
        "bytes_up": totals.bytes_up, "bytes_down": totals.bytes_down,
        "cpu_s": round(cpu.user + cpu.system, 3), "wall_s": round(time.monotonic() - started_wall, 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen-port", type=int, required=True)
    parser.add_argument("--target-port", type=int, required=True)
    parser.add_argument("--rtt", type=duration, default=0.1, help="round-trip time added, e.g. 100ms")
    parser.add_argument("--jitter", type=duration, default=0.01, help="spread of the round-trip time, e.g. 10ms")
    parser.add_argument("--rate", type=byte_rate, default=0, help="bytes per second per direction and connection")
    parser.add_argument("--log", help="one JSON line per closed connection")
    parser.add_argument("--stats", help="the summary, written at exit")
    parser.add_argument("--pid-file")
    args = parser.parse_args()
    if args.jitter > args.rtt:
        parser.error("--jitter must not exceed --rtt")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    loop = asyncio.new_event_loop()
    shaper = Shaper(args, loop)
    started = time.monotonic()
    # One socket for every loopback address (0.0.0.0 is the only way to listen on all of 127.0.0.0/8 at once);
    # connections from anywhere else, or to a non-loopback address, are dropped at once.
    server = loop.run_until_complete(loop.create_server(lambda: Connection(shaper), "0.0.0.0", args.listen_port,
                                                        backlog=4096, reuse_address=True))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    if args.pid_file:
        with open(args.pid_file, "w") as f:
            f.write(f"{os.getpid()}\n")
    loop.run_until_complete(stop.wait())
    server.close()
    result = summary(shaper, started)
    if args.stats:
        with open(args.stats, "w") as f:
            json.dump(result, f)
            f.write("\n")
    print(json.dumps(result), file=sys.stderr)


if __name__ == "__main__":
    main()
