package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** known_hosts host fields, matched with OpenSSH's rules. */
class HostPatternsTest {

    @TempDir
    Path dir;

    @Test
    void aNegatedPatternExcludesAndNeverIncludesOnItsOwn() {
        HostPatterns patterns = HostPatterns.parse("*.db.example.com,!db9.db.example.com");

        assertThat(patterns.matches("db1.db.example.com")).isTrue();
        assertThat(patterns.matches("db9.db.example.com")).isFalse();
        assertThat(patterns.matches("web1.example.com")).isFalse();
        assertThat(HostPatterns.parse("!db9").matches("web1")).isFalse();
    }

    @Test
    void matchesPortsWildcardsAndCaseLikeOpenSsh() {
        assertThat(HostPatterns.parse("[10.0.0.5]:2222").matches("[10.0.0.5]:2222")).isTrue();
        assertThat(HostPatterns.parse("[10.0.0.5]:2222").matches("10.0.0.5")).isFalse();
        assertThat(HostPatterns.parse("10.0.0.?").matches("10.0.0.7")).isTrue();
        assertThat(HostPatterns.parse("10.0.0.?").matches("10.0.0.17")).isFalse();
        assertThat(HostPatterns.parse("Web1.Example.COM").matches("web1.example.com")).isTrue();
        assertThat(HostPatterns.parse("a+b.example.com").matches("aab.example.com")).as("no regex leaks").isFalse();
    }

    @Test
    void onlyPlainNamesAreLiteralsForTheIndex() {
        assertThat(HostPatterns.parse("Web1.Example.COM,[10.0.0.5]:2222").literals())
                .containsExactly("web1.example.com", "[10.0.0.5]:2222");
        assertThat(HostPatterns.parse("web1,10.0.0.?").literals()).isEmpty();
        assertThat(HostPatterns.parse("*.example.com").literals()).isEmpty();
        assertThat(HostPatterns.parse("web1,!web2").literals()).isEmpty();
        assertThat(HostPatterns.parse("|1|c2FsdA==|aGFzaA==").literals()).isEmpty();
    }

    @Test
    void matchesAHashedEntryFromOpenSsh() throws Exception {
        String hashed = hashedLineFor("web1.example.com");

        assertThat(HostPatterns.parse(hashed).matches("web1.example.com")).isTrue();
        assertThat(HostPatterns.parse(hashed).matches("web2.example.com")).isFalse();
        assertThatThrownBy(() -> HostPatterns.parse("|1|onlysalt")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The host field ssh-keygen -H writes for a host. */
    private String hashedLineFor(String host) throws IOException, InterruptedException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, host + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");
        Process process = new ProcessBuilder("/usr/bin/ssh-keygen", "-H", "-f", file.toString()).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String field = Files.readString(file).split(" ")[0];
        assertThat(field).startsWith("|1|");
        return field;
    }
}
