package dev.fleetdiff.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.inventory.CompareMode;
import dev.fleetdiff.inventory.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped hosts.yaml.example loads, and it and docs/CONFIGURATION.md mention every key the loader accepts. */
class YamlConfigLoaderExampleTest {
    private static final Path EXAMPLE = Path.of("hosts.yaml.example");
    private static final Path REFERENCE = Path.of("docs/CONFIGURATION.md");

    @TempDir
    Path dir;
    @TempDir
    Path home;

    @Test
    void theExampleLoadsWhenItsIdentityFileExists() throws Exception {
        // the example's only key file is the default ~/.ssh/id_ed25519; without it the loader must refuse the file
        Path copy = Files.copy(EXAMPLE, dir.resolve("hosts.yaml"));
        LocalUser user = new LocalUser("tester", home);
        YamlConfigLoaderTest.touch(home.resolve(".ssh/id_ed25519"));

        FleetConfig config = YamlConfigLoader.load(copy, user);

        assertThat(config.settings().databaseUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("fleetdiff.db"));
        assertThat(config.settings().mail().orElseThrow().passwordEnv()).contains("FLEETDIFF_SMTP_PASSWORD");
        assertThat(config.inventory().commands()).containsKeys("netstat-listen", "listening-ports", "local-users",
                "sudoers", "authorized-keys", "etc-checksums");
        assertThat(config.inventory().command("etc-checksums").orElseThrow().schedule()).contains("0 0 * * * ?");
        assertThat(config.inventory().command("listening-ports").orElseThrow().compare()).isEqualTo(CompareMode.SET);
        assertThat(config.inventory().hosts()).extracting(Host::name).containsExactly("web1.example.com", "web2", "db1.example.com");
        Host web1 = config.inventory().host("web1.example.com").orElseThrow();
        assertThat(web1.commands()).containsExactly("listening-ports", "local-users", "sudoers", "authorized-keys",
                "etc-checksums");
        assertThat(web1.jump()).contains("audit@bastion.example.com:22");
        assertThat(web1.commandTimeout()).isEqualTo(Duration.ofMinutes(2));
        Host web2 = config.inventory().host("web2").orElseThrow();
        assertThat(List.of(web2.address(), web2.port(), web2.user())).containsExactly("10.0.0.12", 2222, "audit2");
        assertThat(web2.identity()).isEqualTo(home.resolve(".ssh/id_ed25519"));
        assertThat(web2.identityPassphraseEnv()).isEqualTo(Optional.empty());
        assertThat(web2.splay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExampleRunsTheRulePacksCommandsAsTheyAreInRulesCommandsYaml() throws Exception {
        var yaml = new org.yaml.snakeyaml.Yaml();
        Map<String, Map<String, Object>> pack = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) yaml.load(Files.readString(Path.of("rules/commands.yaml")))).get("commands");
        Map<String, Map<String, Object>> example = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) yaml.load(Files.readString(EXAMPLE))).get("commands");
        assertThat(pack).isNotEmpty();
        pack.forEach((name, command) -> {
            assertThat(example).as("hosts.yaml.example has the pack's command " + name).containsKey(name);
            for (String key : List.of("run", "compare", "ignore")) {
                assertThat(example.get(name).get(key)).as(name + "." + key).isEqualTo(command.get(key));
            }
        });
    }

    @Test
    void theExampleIsRefusedWhenItsIdentityFileIsMissing() throws Exception {
        Path copy = Files.copy(EXAMPLE, dir.resolve("hosts.yaml"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> YamlConfigLoader.load(copy, new LocalUser("tester", home)))
                .hasMessageContaining("uses identity file " + home.resolve(".ssh/id_ed25519") + ", which does not exist");
    }

    @Test
    void theExampleAndTheReferenceMentionEveryKey() throws Exception {
        String example = Files.readString(EXAMPLE);
        String reference = Files.readString(REFERENCE);
        List<String> keys = Stream.of(YamlConfigLoader.SECTIONS, SettingsReader.KEYS, SettingsReader.RETENTION_KEYS,
                MailReader.KEYS, MailReader.ROUTE_KEYS,
                HostLayer.KEYS, CommandsReader.KEYS, GroupsReader.GROUP_KEYS, GroupsReader.HOST_KEYS)
                .flatMap(List::stream).distinct().toList();

        assertThat(keys).hasSizeGreaterThan(30);
        for (String key : keys) {
            assertThat(Pattern.compile("(^|[\\s{,#])" + Pattern.quote(key) + ":", Pattern.MULTILINE).matcher(example).find())
                    .as("hosts.yaml.example shows " + key).isTrue();
            assertThat(reference).as("docs/CONFIGURATION.md documents " + key).contains("`" + key + "`");
        }
    }
}
