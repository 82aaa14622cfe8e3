package dev.fleetdiff.collect.ssh;

import com.hierynomus.sshj.common.KeyDecryptionFailedException;
import com.sun.security.auth.module.UnixSystem;
import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.files.PrivateFiles;
import dev.fleetdiff.text.ShownText;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.SSHRuntimeException;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Client private keys, parsed (and decrypted, which runs bcrypt) once per file and passphrase variable, and
 * parsed again only when the file's modification time changes. Concurrent polls wait for one parse.
 */
final class IdentityKeys {

    /** A parsed key ready for authentication. */
    record Identity(Path file, KeyProvider provider, KeyBlob publicKey) {
    }

    private record CacheKey(Path file, Optional<String> passphraseEnv) {
    }

    private record Cached(FileTime modified, Identity identity) {
    }

    private final Config config;
    private final Function<String, String> env;
    /** This process's user id where files have Unix owners and modes; empty elsewhere (Windows). */
    private final OptionalLong uid = processUid();
    private final Map<CacheKey, Cached> cache = new ConcurrentHashMap<>();

    IdentityKeys(Config config, Function<String, String> env) {
        this.config = config;
        this.env = env;
    }

    /** The key in {@code file}, decrypted with the passphrase in the environment variable if one is named. */
    Identity load(Path file, Optional<String> passphraseEnv) throws PollFailedException {
        Path absolute = file.toAbsolutePath();
        FileTime modified = modified(absolute);
        CacheKey key = new CacheKey(absolute, passphraseEnv);
        Cached cached = cache.get(key);
        if (cached != null && cached.modified().equals(modified)) {
            return cached.identity();
        }
        try {
            return cache.compute(key, (k, old) -> old != null && old.modified().equals(modified) ? old
                    : new Cached(modified, parse(absolute, passphraseEnv))).identity();
        } catch (UncheckedPollFailure e) {
            throw e.failure;
        }
    }

    /**
     * One stat per poll: the file's modification time, or a failure saying why the file cannot be used. As OpenSSH
     * does, a key of this user that others may read or write is refused; a key owned by another user (root's, shared
     * through a group) is that user's to protect. Owners are compared by uid, so no user database is asked per poll.
     */
    private FileTime modified(Path file) throws PollFailedException {
        try {
            if (uid.isEmpty()) {
                return Files.getLastModifiedTime(file);
            }
            Map<String, Object> attributes = Files.readAttributes(file, "unix:uid,mode,lastModifiedTime");
            if (((Integer) attributes.get("uid")).longValue() == uid.getAsLong()) {
                Optional<String> exposure = PrivateFiles.exposure((Integer) attributes.get("mode"),
                        PrivateFiles.Guard.SECRET);
                if (exposure.isPresent()) {
                    throw local("UNPROTECTED PRIVATE KEY FILE: identity file " + file + " is " + exposure.get()
                            + ", so it is refused, as OpenSSH refuses it; run chmod 600 " + file);
                }
            }
            return (FileTime) attributes.get("lastModifiedTime");
        } catch (NoSuchFileException e) {
            throw local("identity file " + file + " does not exist; set identity to an existing private key file");
        } catch (IOException e) {
            throw local("identity file " + file + " cannot be read: " + ShownText.message(e.toString()));
        }
    }

    private static OptionalLong processUid() {
        boolean unix = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
        return unix ? OptionalLong.of(new UnixSystem().getUid()) : OptionalLong.empty();
    }

    private Identity parse(Path file, Optional<String> passphraseEnv) {
        EnvPassphrase passphrase = new EnvPassphrase(file, passphraseEnv, env);
        try {
            KeyFormat format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
            FileKeyProvider provider = Factory.Named.Util.create(config.getFileKeyProviderFactories(), format.toString());
            if (provider == null) {
                throw new UncheckedPollFailure(local("identity file " + file
                        + " is not a private key in a known format (OpenSSH, PEM/PKCS#8 or PuTTY)"));
            }
            provider.init(file.toFile(), passphrase);
            KeyPairWrapper pair = new KeyPairWrapper(provider.getPublic(), provider.getPrivate());
            return new Identity(file, pair, KeyBlob.of(pair.getPublic()));
        } catch (IOException | SSHRuntimeException | IllegalArgumentException | IllegalStateException e) {
            Optional<PollFailedException> missing = passphrase.missing();
            if (missing.isPresent()) {
                throw new UncheckedPollFailure(missing.get());
            }
            if (hasCause(e, KeyDecryptionFailedException.class) && passphraseEnv.isPresent()) {
                throw new UncheckedPollFailure(local("identity file " + file + " could not be decrypted with the passphrase in $"
                        + passphraseEnv.get() + "; check that variable"));
            }
            throw new UncheckedPollFailure(local("identity file " + file + " cannot be used as a private key: "
                    + ShownText.message(e.toString())));
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static PollFailedException local(String message) {
        return new PollFailedException(new HostFailure(HostFailure.Kind.LOCAL, message));
    }

    /** Lets a failure leave {@link Map#compute}; unwrapped in {@link #load}. */
    private static final class UncheckedPollFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient PollFailedException failure;

        UncheckedPollFailure(PollFailedException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    /** Gives sshj the passphrase from the named environment variable, and remembers why it could not. */
    private static final class EnvPassphrase implements PasswordFinder {
        private final Path file;
        private final Optional<String> variable;
        private final Function<String, String> env;
        private PollFailedException missing;

        EnvPassphrase(Path file, Optional<String> variable, Function<String, String> env) {
            this.file = file;
            this.variable = variable;
            this.env = env;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            String value = variable.map(env).orElse(null);
            if (value == null) {
                missing = local(variable.isEmpty()
                        ? "identity file " + file + " is encrypted; set identity_passphrase_env to the name of an "
                                + "environment variable that holds its passphrase"
                        : "environment variable " + variable.get() + " is not set; it must hold the passphrase of "
                                + "identity file " + file + " (identity_passphrase_env)");
                throw new IllegalStateException(missing.getMessage());
            }
            return value.toCharArray();
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }

        Optional<PollFailedException> missing() {
            return Optional.ofNullable(missing);
        }
    }
}
