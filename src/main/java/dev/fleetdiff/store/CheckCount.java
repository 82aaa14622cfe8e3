package dev.fleetdiff.store;

/** Checks a command ran on a host over some UTC days: {@code ok} stored an output, {@code failed} did not. */
public record CheckCount(String host, String command, long ok, long failed) {
}
