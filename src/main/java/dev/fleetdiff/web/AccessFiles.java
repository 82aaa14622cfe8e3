package dev.fleetdiff.web;

import dev.fleetdiff.app.UsageException;
import dev.fleetdiff.config.HttpSettings;
import dev.fleetdiff.files.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the secrets {@code settings.http.auth} names: a token file or variable, or a users file. */
final class AccessFiles {
    private AccessFiles() {
    }

    static Access read(HttpSettings http, Map<String, String> env) {
        if (http.tokenEnv().isPresent()) {
            String token = env.get(http.tokenEnv().get());
            if (token == null || token.isBlank()) {
                throw new UsageException("settings.http.auth.token_env names " + http.tokenEnv().get()
                        + ", which is not set or empty; export it with the token before starting");
            }
            return Access.token(token);
        }
        if (http.tokenFile().isPresent()) {
            Path file = http.tokenFile().get();
            List<String> lines = lines(file, "token_file");
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                throw new UsageException(file + ":1: settings.http.auth.token_file is empty; expected the token on"
                        + " its first line; write one, e.g. openssl rand -hex 32 > " + file);
            }
            return Access.token(lines.get(0));
        }
        if (http.usersFile().isPresent()) {
            Path file = http.usersFile().get();
            Map<String, Access.UserHash> users = new LinkedHashMap<>();
            List<String> lines = lines(file, "users_file");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    Access.UserHash user = Access.UserHash.parse(line);
                    users.put(user.name(), user);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(file + ":" + (i + 1) + ": not a user line; " + e.getMessage()
                            + "; docs/CONFIGURATION.md shows how to make one");
                }
            }
            if (users.isEmpty()) {
                throw new UsageException(file + ": names no user; add a line name:pbkdf2-sha256:iterations:salt:hash");
            }
            return Access.users(users);
        }
        return Access.open();
    }

    private static List<String> lines(Path file, String key) {
        PrivateFiles.warnIfExposed(file, PrivateFiles.Guard.SECRET, "holds the web view's credentials");
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException(file + ": cannot read settings.http.auth." + key + ": " + e.getMessage()
                    + "; check its path and permissions");
        }
    }
}
