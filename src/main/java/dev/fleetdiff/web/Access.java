package dev.fleetdiff.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may look and who may act: a bearer token (also accepted as the password of HTTP Basic, so a browser can log in)
 * or users with salted PBKDF2 hashes; or nobody checked at all on a loopback view, which is then read-only. Also makes
 * and checks the CSRF token of each viewer's forms. Every comparison of a secret takes constant time.
 */
final class Access {
    /** The name of a viewer who logged in with the token and no user name. */
    static final String TOKEN_VIEWER = "token";
    /** Verified Basic credentials kept, so a browser's every request does not cost a PBKDF2 run. */
    private static final int VERIFIED_KEPT = 256;
    private static final String HMAC = "HmacSHA256";

    private final Optional<byte[]> token;
    private final Map<String, UserHash> users;
    private final byte[] csrfKey = new byte[32];
    private final Map<String, String> verified = new ConcurrentHashMap<>();

    /** A user's line in the users file: {@code name:pbkdf2-sha256:iterations:salt:hash}, salt and hash in base64. */
    record UserHash(String name, int iterations, byte[] salt, byte[] hash) {
        static final String SCHEME = "pbkdf2-sha256";

        /** Parses a users-file line; throws IllegalArgumentException saying what is wrong. */
        static UserHash parse(String line) {
            String[] fields = line.strip().split(":");
            if (fields.length != 5 || !fields[1].equals(SCHEME) || !fields[2].matches("\\d{1,9}")) {
                throw new IllegalArgumentException("expected name:" + SCHEME + ":iterations:salt:hash");
            }
            try {
                return new UserHash(fields[0], Integer.parseInt(fields[2]), Base64.getDecoder().decode(fields[3]),
                        Base64.getDecoder().decode(fields[4]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("salt and hash must be base64", e);
            }
        }

        boolean matches(String password) {
            try {
                PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, hash.length * 8);
                byte[] computed = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                return MessageDigest.isEqual(computed, hash);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM lacks PBKDF2WithHmacSHA256, which Java platforms provide", e);
            }
        }
    }

    private Access(Optional<byte[]> token, Map<String, UserHash> users) {
        this.token = token;
        this.users = Map.copyOf(users);
        new SecureRandom().nextBytes(csrfKey);
    }

    /** No authentication: anyone who reaches the loopback address may look, nobody may act. */
    static Access open() {
        return new Access(Optional.empty(), Map.of());
    }

    static Access token(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        return new Access(Optional.of(token.strip().getBytes(StandardCharsets.UTF_8)), Map.of());
    }

    static Access users(Map<String, UserHash> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("the users file names nobody");
        }
        return new Access(Optional.empty(), users);
    }

    /** Whether viewers must authenticate; without it the view is read-only. */
    boolean required() {
        return token.isPresent() || !users.isEmpty();
    }

    /**
     * The viewer named by an Authorization header, or empty if it does not authenticate. A viewer with the token via
     * Basic is named by the user name given (a free label for acks), else {@link #TOKEN_VIEWER}.
     */
    Optional<String> viewer(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return token.filter(t -> equal(t, authorization.substring(7).strip())).map(t -> TOKEN_VIEWER);
        }
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String name = pair.substring(0, colon);
        String password = pair.substring(colon + 1);
        if (token.isPresent()) {
            return equal(token.get(), password) ? Optional.of(name.isBlank() ? TOKEN_VIEWER : name) : Optional.empty();
        }
        return user(name, password);
    }

    private Optional<String> user(String name, String password) {
        UserHash user = users.get(name);
        if (user == null) {
            return Optional.empty();
        }
        String key = name + ":" + Base64.getEncoder().encodeToString(sha256(password));
        if (verified.containsKey(key)) {
            return Optional.of(name);
        }
        if (!user.matches(password)) {
            return Optional.empty();
        }
        if (verified.size() >= VERIFIED_KEPT) {
            verified.clear();
        }
        verified.put(key, name);
        return Optional.of(name);
    }

    /** The CSRF token of a viewer's forms: a MAC of the name under a key made at start, so a restart voids them. */
    String csrf(String viewer) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(csrfKey, HMAC));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal(viewer.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("this JVM lacks " + HMAC + ", which every Java platform must provide", e);
        }
    }

    /** Whether a form's CSRF token is the viewer's. */
    boolean csrfMatches(String viewer, Optional<String> sent) {
        return sent.isPresent() && equal(csrf(viewer).getBytes(StandardCharsets.UTF_8), sent.get());
    }

    private static boolean equal(byte[] expected, String given) {
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must provide", e);
        }
    }
}
