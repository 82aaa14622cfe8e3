package dev.fleetdiff.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.rules.Alert;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeGroupTest {
    private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

    private static Alert alert(String id, String host, String command, String output, String diff, int seconds) {
        return new Alert(id, T.plusSeconds(seconds), host, command, command, 1, 7, "changed", output, "old", diff,
                List.of(), true, true);
    }

    @Test
    void theSameCommandAndDiffOnManyHostsIsOneGroup() {
        List<ChangeGroup> groups = ChangeGroup.byChange(List.of(
                alert("1", "web2", "ports", "a\nb", "+b", 5),
                alert("2", "db1", "passwd", "x", "+x", 1),
                alert("3", "web1", "ports", "a\nb\nc", "+b", 3),
                alert("4", "web2", "ports", "a\nb", "+b", 9)));

        assertThat(groups).hasSize(2);
        ChangeGroup ports = groups.get(0);
        assertThat(ports.ids()).containsExactly("1", "3", "4");
        assertThat(ports.hosts()).containsExactly("web2", "web1");
        assertThat(ports.compactHosts()).isEqualTo("web[1-2]");
        assertThat(ports.oldest()).isEqualTo(T.plusSeconds(3));
        assertThat(groups.get(1).ids()).containsExactly("2");
    }

    @Test
    void alertsWithoutADiffGroupOnlyWithTheSameOutput() {
        List<ChangeGroup> groups = ChangeGroup.byChange(List.of(
                alert("1", "h1", "", "key A", "", 0),
                alert("2", "h2", "", "key B", "", 0),
                alert("3", "h3", "", "key A", "", 0)));

        assertThat(groups).extracting(ChangeGroup::ids).containsExactly(List.of("1", "3"), List.of("2"));
    }
}
