package dev.fleetdiff.app;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the outbox deliverers of this process for their claims, as {@code host:pid:random/what-n}: unique per
 * deliverer, even between processes on one machine or a restart that reuses a pid, and readable in the claimed_by
 * column, so an operator can tell which node holds an alert.
 */
final class Claimants {
    /** Random bytes per process: enough that two processes never share a name. */
    private static final int RANDOM_BYTES = 6;

    private final String process;
    private final AtomicInteger made = new AtomicInteger();

    private Claimants(String process) {
        this.process = process;
    }

    /** Names for the deliverers of this process. */
    static Claimants ofThisProcess() {
        byte[] random = new byte[RANDOM_BYTES];
        new SecureRandom().nextBytes(random);
        return new Claimants(hostName() + ":" + ProcessHandle.current().pid() + ":" + HexFormat.of().formatHex(random));
    }

    /** A name not given before, for a deliverer of {@code what} (a channel). */
    String next(String what) {
        return process + "/" + what + "-" + made.incrementAndGet();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
