package dev.fleetdiff.collect.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/**
 * A public key as known_hosts stores it: key type and canonical base64 of the SSH key blob.
 * Comparing blobs needs no key parsing, so every key type OpenSSH writes can be matched.
 */
record KeyBlob(String type, String base64) {

    /** Decodes and re-encodes the blob so that equal keys have equal text; throws IllegalArgumentException if it is not base64. */
    static KeyBlob parse(String type, String base64) {
        return new KeyBlob(type, Base64.getEncoder().encodeToString(Base64.getDecoder().decode(base64)));
    }

    static KeyBlob of(PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        return new KeyBlob(KeyType.fromKey(key).toString(), Base64.getEncoder().encodeToString(blob));
    }

    /** The fingerprint as {@code ssh-keygen -l} prints it, e.g. {@code SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU}. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Base64.getDecoder().decode(base64.getBytes(StandardCharsets.US_ASCII)));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Type and fingerprint, the way users compare keys. */
    String describe() {
        return type + " " + fingerprint();
    }

    /** The key part of a known_hosts line. */
    String knownHostsText() {
        return type + " " + base64;
    }
}
