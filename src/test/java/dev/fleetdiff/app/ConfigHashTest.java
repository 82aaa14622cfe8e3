package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.testing.ClientKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration hash cluster nodes compare: inventory and rules count, node settings and layout do not. */
class ConfigHashTest {
    @TempDir
    Path dir;
    private ClientKey key;

    @BeforeEach
    void makeKey() {
        key = ClientKey.ed25519(dir);
    }

    private String hash(String settings, String hosts) throws Exception {
        Path config = dir.resolve("hosts.yaml");
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(config, """
                settings:
                  known_hosts: known_hosts
                %s
                defaults:
                  identity: %s
                commands:
                  uname: { run: uname, success_exit_codes: [0, 3, 2, 1, 5, 4, 6] }
                groups:
                  all:
                    commands: [uname]
                    hosts: [%s]
                """.formatted(settings, key.privateKeyFile(), hosts));
        return ConfigHash.of(YamlConfigLoader.load(config));
    }

    @Test
    void nodeSettingsAndCommentsLeaveItAloneWhileHostsAndRulesChangeIt() throws Exception {
        String base = hash("  node_name: a", "web1, web2");
        assertThat(base).matches("sha256:[0-9a-f]{64}");
        assertThat(hash("  node_name: b\n  concurrency: 7\n# a comment", "web1, web2")).isEqualTo(base);
        assertThat(hash("  node_name: a", "web1")).isNotEqualTo(base);
        Files.writeString(dir.resolve("rules/local.xml"), "<group name=\"local,\"></group>\n");
        assertThat(hash("  node_name: a", "web1, web2")).as("a rule file added").isNotEqualTo(base);
    }

    @Test
    void theSameFilesHashAlikeInAnotherJvmWhoseSetsIterateInAnotherOrder() throws Exception {
        String here = hash("", "web1");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                ConfigHashMain.class.getName(), dir.resolve("hosts.yaml").toString()).redirectErrorStream(true).start();
        String printed = new String(other.getInputStream().readAllBytes()).strip();
        assertThat(other.waitFor()).as(printed).isZero();
        assertThat(printed).endsWith(here);
    }
}
