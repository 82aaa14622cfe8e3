package dev.fleetdiff.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.regex.Pattern;
import java.util.logging.Logger;

/** What differs between the two supported databases: URL prefix, connection settings, schema scripts, locking. */
enum Dialect {
    /** Embedded default: one file, WAL journal, one writer connection. */
    SQLITE("jdbc:sqlite:", "BLOB", "WITHOUT ROWID"),
    /** Cluster mode: a shared server; user and password may be query parameters of the URL. */
    POSTGRESQL("jdbc:postgresql:", "BYTEA", "");

    /** How long a SQLite connection waits for another process's write lock before failing. */
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);
    /** SQLite truncates its WAL file back to this size after a checkpoint. */
    static final long SQLITE_WAL_LIMIT_BYTES = 64L * 1024 * 1024;
    /** SQLITE_OPEN_READONLY: read pool connections cannot write even by mistake. */
    private static final String SQLITE_OPEN_READONLY = "1";
    /** Key of the PostgreSQL advisory lock that serializes schema migrations of cluster nodes. */
    private static final long MIGRATION_LOCK_KEY = 0x666c656574L;
    /** An {@code @} before the query: {@code //user@host} or {@code //user:password@host}, a raw {@code /} or not. */
    private static final Pattern AUTHORITY_WITH_USER = Pattern.compile("//[^?#]*@");
    /**
     * The PostgreSQL driver logs a URL it cannot parse, password and all, through java.util.logging; fleetdiff reports
     * that failure itself with the URL redacted. Held here, as java.util.logging forgets the level of a logger nobody
     * references.
     */
    private static final Logger PGJDBC_URL_LOG = Logger.getLogger("org.postgresql.Driver");

    static {
        PGJDBC_URL_LOG.setLevel(Level.OFF);
    }

    private final String prefix;
    private final String bytesType;
    private final String compactTable;

    Dialect(String prefix, String bytesType, String compactTable) {
        this.prefix = prefix;
        this.bytesType = bytesType;
        this.compactTable = compactTable;
    }

    /**
     * The dialect of a JDBC URL, or an error naming the two accepted forms. A PostgreSQL URL with {@code user:password@}
     * before the host is refused here: the driver cannot parse it, and would log it whole.
     */
    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith(POSTGRESQL.prefix) && AUTHORITY_WITH_USER.matcher(jdbcUrl).find()) {
            throw new IllegalArgumentException("settings.database: '" + redact(jdbcUrl) + "' names the user before the "
                    + "host, which the PostgreSQL driver does not read; write jdbc:postgresql://host:5432/db?user=NAME "
                    + "with the password in ~/.pgpass (or &password=)");
        }
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.prefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("settings.database: unsupported URL '" + redact(jdbcUrl)
                + "'; expected jdbc:sqlite:/path/to/fleetdiff.db or jdbc:postgresql://host:5432/db");
    }

    /**
     * The URL, or a message holding it, with every password replaced ({@code password=}, {@code sslpassword=} and the
     * {@code user:password@} of the authority), safe to print and log. Query parameters go first, so that an
     * {@code @} inside one is not taken for the end of an authority.
     */
    static String redact(String text) {
        return text.replaceAll("(?i)(password=)[^&;\\s]*", "$1***")
                .replaceAll("(//[^/?#@:\\s]*:)[^@\\s]*@", "$1***@");
    }

    /**
     * The database file of an SQLite URL given as a path ({@code jdbc:sqlite:/var/lib/fleetdiff.db}, what
     * settings.database makes of a path); empty for PostgreSQL, {@code :memory:} and {@code file:} URIs.
     */
    Optional<Path> file(String jdbcUrl) {
        if (this != SQLITE) {
            return Optional.empty();
        }
        String path = jdbcUrl.substring(prefix.length()).replaceFirst("\\?.*", "");
        return path.isEmpty() || path.startsWith(":") || path.startsWith("file:") ? Optional.empty()
                : Optional.of(Path.of(path));
    }

    /** A schema script in this dialect: its ${bytes} and ${compact} tokens replaced, all else shared. */
    String ddl(String script) {
        return script.replace("${bytes}", bytesType).replace("${compact}", compactTable);
    }

    /** A statement that makes concurrent migrations wait for each other, where BEGIN alone does not. */
    Optional<String> migrationLock() {
        return this == POSTGRESQL
                ? Optional.of("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK_KEY + ")")
                : Optional.empty();
    }

    /**
     * A pool for the writer (one connection) or the readers. SQLite: WAL with synchronous=NORMAL, durable against a
     * process crash (kill -9); a power loss may drop the last commits, outputs and their alerts together, so the change
     * is detected again on the next poll. BEGIN IMMEDIATE takes the write lock up front, so busy_timeout applies.
     */
    HikariDataSource pool(String jdbcUrl, String name, int size, boolean writer) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName(name);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setReadOnly(!writer);
        if (this == SQLITE) {
            // The pool sets the read-only flag on every connection; the driver accepts that only when told to.
            config.addDataSourceProperty("jdbc.explicit_readonly", "true");
            config.addDataSourceProperty("busy_timeout", String.valueOf(SQLITE_BUSY_TIMEOUT.toMillis()));
            if (writer) {
                config.addDataSourceProperty("journal_mode", "WAL");
                config.addDataSourceProperty("synchronous", "NORMAL");
                config.addDataSourceProperty("foreign_keys", "true");
                config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
                config.addDataSourceProperty("journal_size_limit", String.valueOf(SQLITE_WAL_LIMIT_BYTES));
            } else {
                config.addDataSourceProperty("open_mode", SQLITE_OPEN_READONLY);
            }
        }
        return new HikariDataSource(config);
    }
}
