package dev.fleetdiff.collect.ssh;

import java.util.Optional;

/**
 * One usable line of a known_hosts file, kept with its line number so that messages can point at it.
 *
 * @param number  1-based line number in the file
 * @param revoked the line starts with {@code @revoked}: this key must never be accepted
 */
record KnownHostLine(int number, boolean revoked, HostPatterns hosts, KeyBlob key) {

    private static final String REVOKED = "@revoked";
    private static final String CERT_AUTHORITY = "@cert-authority";

    /** Whether a line is a {@code @cert-authority} line, which {@link #parse} leaves out. */
    static boolean isCertAuthority(String text) {
        String line = text.strip();
        return line.startsWith(CERT_AUTHORITY) && (line.length() == CERT_AUTHORITY.length()
                || Character.isWhitespace(line.charAt(CERT_AUTHORITY.length())));
    }

    /**
     * Parses a line; empty if it is a comment, blank, malformed, an SSH-1 key or a {@code @cert-authority} line
     * (host certificates are not supported, so those lines never match).
     */
    static Optional<KnownHostLine> parse(int number, String text) {
        String line = text.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return Optional.empty();
        }
        String[] fields = line.split("\\s+");
        boolean revoked = fields[0].equals(REVOKED);
        int first = fields[0].startsWith("@") ? 1 : 0;
        if ((first == 1 && !revoked) || fields.length < first + 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KnownHostLine(number, revoked, HostPatterns.parse(fields[first]),
                    KeyBlob.parse(fields[first + 1], fields[first + 2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the line's host patterns match a host id ({@code host} for port 22, else {@code [host]:port}). */
    boolean appliesTo(String hostId) {
        return hosts.matches(hostId);
    }
}
