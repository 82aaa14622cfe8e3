package dev.fleetdiff.collect.ssh;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The host field of a known_hosts line, matched as OpenSSH matches it: comma-separated patterns with {@code *} and
 * {@code ?}, where a match of a {@code !}-pattern excludes the host whatever else matches; or one hashed entry
 * {@code |1|base64(salt)|base64(HMAC-SHA1(salt, host))}. Case-insensitive. Immutable and thread-safe.
 */
final class HostPatterns {

    private static final String HASHED_PREFIX = "|1|";
    private static final String HMAC = "HmacSHA1";

    private final List<Pattern> included;
    private final List<Pattern> excluded;
    private final List<String> literals;
    private final byte[] salt;
    private final byte[] hash;

    private HostPatterns(List<Pattern> included, List<Pattern> excluded, List<String> literals, byte[] salt,
                         byte[] hash) {
        this.included = included;
        this.excluded = excluded;
        this.literals = literals;
        this.salt = salt;
        this.hash = hash;
    }

    /** Parses a host field; throws IllegalArgumentException for a malformed hashed entry. */
    static HostPatterns parse(String field) {
        if (field.startsWith(HASHED_PREFIX)) {
            String[] parts = field.substring(HASHED_PREFIX.length()).split("\\|", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("hashed host entry needs |1|salt|hash");
            }
            return new HostPatterns(List.of(), List.of(), List.of(),
                    Base64.getDecoder().decode(parts[0]), Base64.getDecoder().decode(parts[1]));
        }
        List<Pattern> included = new ArrayList<>();
        List<Pattern> excluded = new ArrayList<>();
        List<String> literals = new ArrayList<>();
        boolean allLiteral = true;
        for (String pattern : field.toLowerCase(Locale.ROOT).split(",")) {
            if (pattern.startsWith("!")) {
                excluded.add(wildcard(pattern.substring(1)));
                allLiteral = false;
            } else if (!pattern.isEmpty()) {
                included.add(wildcard(pattern));
                literals.add(pattern);
                allLiteral &= pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
            }
        }
        if (allLiteral) {
            // plain names are compared as strings: no compiled pattern kept per line of a large file
            return new HostPatterns(List.of(), List.of(), List.copyOf(literals), null, null);
        }
        return new HostPatterns(List.copyOf(included), List.copyOf(excluded), List.of(), null, null);
    }

    /**
     * The exact host ids these patterns match when they are plain names (no wildcard, no negation, not hashed), so
     * that a file can be indexed by them; empty when matching needs {@link #matches(String)}.
     */
    List<String> literals() {
        return literals;
    }

    /** Whether the patterns match a host id: {@code host} for port 22, else {@code [host]:port}. */
    boolean matches(String hostId) {
        String host = hostId.toLowerCase(Locale.ROOT);
        if (hash != null) {
            return MessageDigest.isEqual(hash, hmac(host));
        }
        if (!literals.isEmpty()) {
            return literals.contains(host);
        }
        return excluded.stream().noneMatch(p -> p.matcher(host).matches())
                && included.stream().anyMatch(p -> p.matcher(host).matches());
    }

    private byte[] hmac(String host) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(salt, HMAC));
            return mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + HMAC, e);
        }
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*' || c == '?') {
                regex.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        return Pattern.compile(regex.append(Pattern.quote(literal.toString())).toString(), Pattern.DOTALL);
    }
}
