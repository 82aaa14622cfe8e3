package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.inventory.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a jump spec: user, address and port, with the host's user and port 22 as defaults. */
class JumpHostTest {

    private final Host host = new Host("db1", "10.0.0.5", 22, "audit", Path.of("id"), Optional.empty(), Optional.empty(),
            Duration.ofSeconds(5), Duration.ofSeconds(5), 1024, "0 */5 * * * ?", Duration.ZERO, List.of(), List.of());

    @Test
    void readsEveryPart() {
        assertThat(JumpHost.of("ops@bastion.example.com:2222", host))
                .isEqualTo(new JumpHost("bastion.example.com", 2222, "ops", "ops@bastion.example.com:2222"));
    }

    @Test
    void defaultsToTheHostsUserAndPort22() {
        assertThat(JumpHost.of("bastion", host)).isEqualTo(new JumpHost("bastion", 22, "audit", "audit@bastion:22"));
    }

    @Test
    void readsBracketedIpv6Addresses() {
        assertThat(JumpHost.of("ops@[fd00::1]:2200", host).address()).isEqualTo("fd00::1");
        assertThat(JumpHost.of("[fd00::1]", host).port()).isEqualTo(22);
        assertThat(JumpHost.of("[fd00::1]", host).key()).isEqualTo("[fd00::1]:22");
    }
}
