package dev.fleetdiff.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fleetdiff.config.MailSettings.Route;
import dev.fleetdiff.config.MailSettings.Tls;
import dev.fleetdiff.inventory.Baseline;
import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.HostKeyPolicy;
import dev.fleetdiff.inventory.Inventory;
import dev.fleetdiff.regex.LinearRegex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigLoaderTest {
    /** Far above the bounded parse (well under a second), far below the unbounded one (about a minute). */
    private static final Duration PARSE_PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    @TempDir
    Path home;
    LocalUser user;

    @BeforeEach
    void createHome() throws IOException {
        user = new LocalUser("tester", home);
        touch(home.resolve(".ssh/id_ed25519"));
    }

    @Test
    void resolvesEveryFieldOfAFullConfig() throws Exception {
        touch(home.resolve(".ssh/db_key"));
        touch(dir.resolve("keys/web2_key"));
        touch(dir.resolve("secrets/smtp"));
        FleetConfig config = load("""
                settings:
                  database: data/fd.db
                  rules: /etc/fleetdiff/rules
                  alerts_log: ~/logs/alerts.jsonl
                  known_hosts: known
                  host_key_policy: accept-new
                  concurrency: 8
                  connects_per_address: 3
                  polls_per_jump_host: 4
                  cluster: false
                  mail:
                    smtp_host: smtp.example.com
                    smtp_port: 587
                    tls: starttls
                    username: alerts
                    password_file: secrets/smtp
                    from: fleetdiff@example.com
                    to: [a@example.com, b@example.com]
                    min_level: 5
                    routes:
                      - { min_level: 12, to: oncall@example.com }
                      - { group: syscheck, to: [c@example.com] }
                    max_per_hour: 30
                    batch_window: 500ms
                    timeout: 1m
                defaults:
                  user: audit
                  port: 2200
                  identity: ~/.ssh/db_key
                  identity_passphrase_env: KEY_PASS
                  jump: null
                  connect_timeout: 5s
                  command_timeout: 2m
                  max_output: 64KiB
                  schedule: "0 0 * * * ?"
                  splay: 1h
                commands:
                  ports:
                    run: "netstat -tan | grep LISTEN"
                    compare: set
                    ignore: ['^tcp6', 'ESTABLISHED$']
                    schedule: "0 */10 * * * ?"
                    command_timeout: 30s
                    max_output: 4MiB
                    success_exit_codes: [0, 1]
                    baseline: accepted
                  passwd:
                    run: cat /etc/passwd
                groups:
                  web:
                    user: www
                    max_output: 1048576
                    hosts:
                      - web1
                      - { name: web2, address: 10.0.0.12, port: 2222, identity: keys/web2_key, splay: 0s }
                    commands: [ports]
                  db:
                    jump: audit@bastion:2022
                    command_timeout: 1d
                    hosts: [db1, web1]
                    commands: [passwd, ports]
                """);

        assertThat(config.file()).isEqualTo(dir.resolve("hosts.yaml"));
        Settings settings = config.settings();
        assertThat(settings.databaseUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("data/fd.db"));
        assertThat(settings.rules()).contains(Path.of("/etc/fleetdiff/rules"));
        assertThat(settings.alertsLog()).isEqualTo(home.resolve("logs/alerts.jsonl"));
        assertThat(settings.knownHosts()).isEqualTo(dir.resolve("known"));
        assertThat(settings.hostKeyPolicy()).isEqualTo(HostKeyPolicy.ACCEPT_NEW);
        assertThat(settings.concurrency()).isEqualTo(8);
        assertThat(settings.connectsPerAddress()).isEqualTo(3);
        assertThat(settings.pollsPerJumpHost()).isEqualTo(4);
        assertThat(settings.cluster()).isFalse();
        assertThat(settings.mail()).contains(new MailSettings("smtp.example.com", 587, Tls.STARTTLS, Optional.of("alerts"),
                Optional.empty(), Optional.of(dir.resolve("secrets/smtp")), "fleetdiff@example.com",
                List.of("a@example.com", "b@example.com"), 5,
                List.of(new Route(12, Optional.empty(), List.of("oncall@example.com")),
                        new Route(5, Optional.of("syscheck"), List.of("c@example.com"))),
                30, Duration.ofMillis(500), Duration.ofMinutes(1), Optional.empty()));

        Inventory inventory = config.inventory();
        assertThat(inventory.commands()).containsOnlyKeys("ports", "passwd");
        var ports = inventory.command("ports").orElseThrow();
        assertThat(ports.run()).isEqualTo("netstat -tan | grep LISTEN");
        assertThat(ports.compare()).isEqualTo(CompareMode.SET);
        assertThat(ports.ignore()).extracting(LinearRegex::pattern).containsExactly("^tcp6", "ESTABLISHED$");
        assertThat(ports.schedule()).contains("0 */10 * * * ?");
        assertThat(ports.timeout()).contains(Duration.ofSeconds(30));
        assertThat(ports.maxOutput()).hasValue(4 * 1024 * 1024);
        assertThat(ports.successExits()).containsExactlyInAnyOrder(0, 1);
        assertThat(ports.baseline()).isEqualTo(Baseline.ACCEPTED);
        var passwd = inventory.command("passwd").orElseThrow();
        assertThat(passwd.compare()).isEqualTo(CompareMode.LINES);
        assertThat(passwd.ignore()).isEmpty();
        assertThat(passwd.schedule()).isEmpty();
        assertThat(passwd.timeout()).isEmpty();
        assertThat(passwd.maxOutput()).isEmpty();
        assertThat(passwd.successExits()).containsExactly(0);
        assertThat(passwd.baseline()).isEqualTo(Baseline.PREVIOUS);
        assertThat(inventory.groups()).containsExactly(
                java.util.Map.entry("web", List.of("web1", "web2")), java.util.Map.entry("db", List.of("db1", "web1")));
        assertThat(inventory.hosts()).extracting(Host::name).containsExactly("web1", "web2", "db1");

        // web1: in both groups; web's user and max_output, db's jump and command_timeout, defaults for the rest
        assertThat(inventory.host("web1").orElseThrow()).isEqualTo(new Host("web1", "web1", 2200, "www",
                home.resolve(".ssh/db_key"), Optional.of("KEY_PASS"), Optional.of("audit@bastion:2022"),
                Duration.ofSeconds(5), Duration.ofDays(1), 1_048_576, "0 0 * * * ?", Duration.ofHours(1),
                List.of("ports", "passwd"), List.of("web", "db")));
        // web2: its own entry beats the group, the group beats defaults
        assertThat(inventory.host("web2").orElseThrow()).isEqualTo(new Host("web2", "10.0.0.12", 2222, "www",
                dir.resolve("keys/web2_key"), Optional.of("KEY_PASS"), Optional.empty(),
                Duration.ofSeconds(5), Duration.ofMinutes(2), 1_048_576, "0 0 * * * ?", Duration.ZERO,
                List.of("ports"), List.of("web")));
        assertThat(inventory.host("db1").orElseThrow()).isEqualTo(new Host("db1", "db1", 2200, "audit",
                home.resolve(".ssh/db_key"), Optional.of("KEY_PASS"), Optional.of("audit@bastion:2022"),
                Duration.ofSeconds(5), Duration.ofDays(1), 64 * 1024, "0 0 * * * ?", Duration.ofHours(1),
                List.of("passwd", "ports"), List.of("db")));
    }

    @Test
    void fillsBuiltInDefaultsForAMinimalFile() throws Exception {
        FleetConfig config = load("""
                commands:
                  uptime: { run: uptime }
                groups:
                  all: { hosts: [h1], commands: [uptime] }
                """);

        assertThat(config.settings()).isEqualTo(new Settings("jdbc:sqlite:" + dir.resolve("fleetdiff.db"),
                Optional.of(dir.resolve("rules")), dir.resolve("alerts.jsonl"), home.resolve(".ssh/known_hosts"),
                HostKeyPolicy.STRICT, 64, false, Optional.empty(), 8, 10));
        assertThat(config.inventory().hosts()).containsExactly(new Host("h1", "h1", 22, "tester",
                home.resolve(".ssh/id_ed25519"), Optional.empty(), Optional.empty(), Duration.ofSeconds(10),
                Duration.ofSeconds(60), 1024 * 1024, "0 */5 * * * ?", Duration.ZERO, List.of("uptime"), List.of("all")));
    }

    @Test
    void rulesBuiltinAsksForTheBuiltInRuleInsteadOfAFolder() throws Exception {
        FleetConfig config = load("""
                settings: { rules: builtin }
                commands:
                  uptime: { run: uptime }
                groups:
                  all: { hosts: [h1], commands: [uptime] }
                """);

        assertThat(config.settings().rules()).isEmpty();
    }

    @Test
    void keepsJdbcUrlsAsGivenAndAllowsClusterOnPostgresql() throws Exception {
        FleetConfig config = load("""
                settings:
                  database: jdbc:postgresql://db.example.com:5432/fleetdiff
                  cluster: true
                """);

        assertThat(config.settings().databaseUrl()).isEqualTo("jdbc:postgresql://db.example.com:5432/fleetdiff");
        assertThat(config.settings().cluster()).isTrue();
        assertThat(config.inventory().hosts()).isEmpty();
    }

    @Test
    void mailDefaultsDependOnTls() throws Exception {
        MailSettings smtps = load("""
                settings:
                  mail: { tls: smtps, from: f@example.com, to: t@example.com }
                """).settings().mail().orElseThrow();
        MailSettings plain = load("""
                settings:
                  mail: { from: f@example.com, to: [t@example.com] }
                """).settings().mail().orElseThrow();

        assertThat(smtps.smtpPort()).isEqualTo(465);
        assertThat(smtps.to()).containsExactly("t@example.com");
        assertThat(plain).isEqualTo(new MailSettings("localhost", 25, Tls.STARTTLS, Optional.empty(), Optional.empty(),
                Optional.empty(), "f@example.com", List.of("t@example.com"), 7, List.of(), 12, Duration.ofSeconds(10),
                Duration.ofSeconds(30), Optional.empty()));
    }

    @Test
    void tlsNoneIsAcceptedOnlyWhenWrittenOut() throws Exception {
        MailSettings none = load("""
                settings:
                  mail: { tls: none, smtp_host: relay.local, from: f@example.com, to: t@example.com }
                """).settings().mail().orElseThrow();

        assertThat(none.tls()).isEqualTo(Tls.NONE);
        assertThat(none.smtpPort()).isEqualTo(25);
    }

    @Test
    void aHostInTwoGroupsMayGetTheSameValueFromBoth() throws Exception {
        FleetConfig config = load("""
                commands:
                  a: { run: a }
                  b: { run: b }
                groups:
                  g1: { user: ops, hosts: [h], commands: [a, b] }
                  g2: { user: ops, port: 2022, hosts: [h], commands: [b, a] }
                """);

        Host h = config.inventory().host("h").orElseThrow();
        assertThat(h.user()).isEqualTo("ops");
        assertThat(h.port()).isEqualTo(2022);
        assertThat(h.commands()).containsExactly("a", "b");
        assertThat(h.groups()).containsExactly("g1", "g2");
    }

    @Test
    void theHostEntrySettlesAKeyItsGroupsDisagreeOn() throws Exception {
        FleetConfig config = load("""
                commands:
                  a: { run: a }
                groups:
                  g1: { user: one, hosts: [h], commands: [a] }
                  g2: { user: two, hosts: [{ name: h, user: three }] }
                """);

        assertThat(config.inventory().host("h").orElseThrow().user()).isEqualTo("three");
    }

    @Test
    void reportsAMissingDefaultIdentityWithTheHostsLine() throws Exception {
        Files.delete(home.resolve(".ssh/id_ed25519"));

        assertThatThrownBy(() -> load("""
                commands:
                  a: { run: a }
                groups:
                  g:
                    commands: [a]
                    hosts:
                      - h1
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("hosts.yaml") + ":7: host 'h1' uses identity file " + home.resolve(".ssh/id_ed25519")
                        + ", which does not exist (the default identity; create the key, or set identity in defaults"
                        + " or on this host)");
    }

    @Test
    void reportsAnIdentityThatIsAFolder() throws Exception {
        Files.createDirectories(dir.resolve("keys"));

        assertThatThrownBy(() -> load("""
                defaults: { identity: keys }
                commands: { a: { run: a } }
                groups: { g: { commands: [a], hosts: [h1] } }
                """))
                .hasMessage(dir.resolve("hosts.yaml") + ":1: host 'h1' uses identity file " + dir.resolve("keys")
                        + ", which is a folder, not a key file (set in defaults; create the key or fix the path)");
    }

    @Test
    void reportsAMissingFileWithoutALine() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> YamlConfigLoader.load(missing, user))
                .isInstanceOf(ConfigException.class)
                .hasMessage(missing + ": no such file; copy hosts.yaml.example to nope.yaml and list your hosts in it,"
                        + " or pass --config FILE")
                .extracting(e -> ((ConfigException) e).line()).isEqualTo(0);
    }

    @Test
    void rejectsTextThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("hosts.yaml");
        Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});

        assertThatThrownBy(() -> YamlConfigLoader.load(file, user))
                .hasMessage(file + ": the file is not valid UTF-8 text; save it as UTF-8");
    }

    @Test
    void boundsAliasExpansion() throws IOException {
        StringBuilder yaml = new StringBuilder("a: &a [x]\nb: [");
        for (int i = 0; i < 60; i++) {
            yaml.append(i == 0 ? "" : ", ").append("*a");
        }
        Path file = dir.resolve("hosts.yaml");
        Files.writeString(file, yaml.append("]\n"));

        assertThatThrownBy(() -> YamlConfigLoader.load(file, user))
                .hasMessageContaining("Number of aliases for non-scalar nodes exceeds the specified max=50");
    }

    @Test
    void readsAtMostTheCapFromADeviceOrPipe() {
        Path device = Path.of("/dev/zero");

        assertThatThrownBy(() -> YamlConfigLoader.load(device, user))
                .isInstanceOf(ConfigException.class)
                .hasMessage(device + ": the file is larger than 16MiB; give --config a regular file, and split a larger "
                        + "fleet into several config files");
    }

    @Test
    void refusesAHugeOneLineScalarBeforeParsingIt() throws IOException {
        Path file = dir.resolve("hosts.yaml");
        Files.writeString(file, "settings:\n  database: " + "x".repeat(YamlConfigLoader.MAX_FILE_BYTES - 100) + "\n");

        ConfigException e = assertTimeoutPreemptively(PARSE_PATIENCE,
                () -> catchThrowableOfType(ConfigException.class, () -> YamlConfigLoader.load(file, user)));

        assertThat(e).hasMessage(file + ":2: the line is longer than 65536 characters; write a long value or list over "
                + "several lines (a list one item a line)");
    }

    @Test
    void acceptsALineAtTheLengthBound() throws Exception {
        String value = "x".repeat(YamlConfigLoader.MAX_LINE_CHARS - "  database: ".length());

        assertThat(load("settings:\n  database: " + value + "\n").settings().databaseUrl()).endsWith(value);
    }

    private FleetConfig load(String yaml) throws IOException, ConfigException {
        Path file = dir.resolve("hosts.yaml");
        Files.writeString(file, yaml);
        return YamlConfigLoader.load(file, user);
    }

    static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a real key; only its presence is checked\n");
    }
}
