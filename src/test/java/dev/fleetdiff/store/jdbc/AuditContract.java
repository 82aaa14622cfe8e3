package dev.fleetdiff.store.jdbc;

import static dev.fleetdiff.store.jdbc.Polls.PORTS;
import static dev.fleetdiff.store.jdbc.Polls.T0;
import static dev.fleetdiff.store.jdbc.Polls.failed;
import static dev.fleetdiff.store.jdbc.Polls.ok;
import static dev.fleetdiff.store.jdbc.Polls.poll;
import static dev.fleetdiff.store.jdbc.Polls.unreachable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.store.Acceptance;
import dev.fleetdiff.store.CheckCount;
import dev.fleetdiff.store.LatestHash;
import dev.fleetdiff.store.PollRun;
import dev.fleetdiff.store.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reads of outliers and reports, part of the store contract ({@link StoreContract} implements it, so it runs on
 * SQLite and on PostgreSQL): latest hashes of one command, runs and acceptances of a period, checks per UTC day.
 */
interface AuditContract {
    String USERS = "users";

    JdbcStore store();

    @Test
    default void latestOutputsGiveEachHostsHashAndLastPollOfOneCommandOnly() {
        store().record(List.of(poll("web1", T0, ok(PORTS, "tcp 22\n"), ok(USERS, "root\n")),
                poll("web2", T0, ok(PORTS, "tcp 22\ntcp 80\n")), poll("web3", T0, failed(PORTS, 2, "no netstat"))));

        List<LatestHash> latest = store().latestHashes(PORTS);

        assertThat(latest).extracting(LatestHash::host).containsExactly("web1", "web2", "web3");
        assertThat(latest.get(0).hash()).contains(Outputs.sha256("tcp 22\n".getBytes()));
        assertThat(latest.get(0).ok()).isTrue();
        assertThat(latest.get(0).number()).isEqualTo(1);
        assertThat(latest.get(1).hash()).isNotEqualTo(latest.get(0).hash());
        assertThat(latest.get(2).ok()).isFalse();
        assertThat(latest.get(2).status()).isEqualTo("failed");
        assertThat(latest.get(2).error()).contains("no netstat");
        assertThat(store().latestHashes(USERS)).extracting(LatestHash::host).containsExactly("web1");
    }

    @Test
    default void runsOfAPeriodAreThoseThatOverlapIt() {
        store().record(List.of(poll("web1", T0, ok(PORTS, "a"))));
        store().record(List.of(unreachable("web1", T0.plusSeconds(3600), "refused")));
        store().record(List.of(poll("web1", T0.plusSeconds(7200), ok(PORTS, "a"))));

        List<PollRun> runs = store().runs(T0.plusSeconds(1800), T0.plusSeconds(7200));

        assertThat(runs).extracting(PollRun::result).containsExactly("connection_refused");
        assertThat(runs.get(0).started()).isEqualTo(T0.plusSeconds(3600));
        assertThat(store().runs(T0, T0.plusSeconds(7201))).extracting(PollRun::seq).containsExactly(1, 2, 3);
    }

    @Test
    default void checksAreCountedPerHostCommandAndDayOkAndFailedApart() {
        Instant day = Instant.parse("2026-03-02T00:00:00Z");
        store().record(List.of(poll("web1", day.minusSeconds(60), ok(PORTS, "a"))));
        store().record(List.of(poll("web1", day.plusSeconds(60), ok(PORTS, "a"), ok(USERS, "root\n"))));
        store().record(List.of(poll("web1", day.plusSeconds(120), failed(PORTS, 1, "x"))));
        store().record(List.of(poll("web1", day.plusSeconds(180), ok(PORTS, "b"))));
        store().record(List.of(unreachable("web1", day.plusSeconds(240), "refused")));

        assertThat(store().checks(day, day.plus(Duration.ofDays(1)))).containsExactly(
                new CheckCount("web1", PORTS, 2, 1), new CheckCount("web1", USERS, 1, 0));
        assertThat(store().checks(day.minus(Duration.ofDays(1)), day.plus(Duration.ofDays(1))))
                .contains(new CheckCount("web1", PORTS, 3, 1));
    }

    @Test
    default void pruningDropsTheCheckCountsOfDaysBeforeTheRetentionCutoffOnly() {
        Instant day = Instant.parse("2026-03-02T00:00:00Z");
        store().record(List.of(poll("web1", day.minus(Duration.ofDays(3)), ok(PORTS, "a"))));
        store().record(List.of(poll("web1", day.plusSeconds(60), ok(PORTS, "a"))));

        store().prune(100, day.minus(Duration.ofDays(1)));

        assertThat(store().checks(day.minus(Duration.ofDays(10)), day.plus(Duration.ofDays(1))))
                .containsExactly(new CheckCount("web1", PORTS, 1, 0));
    }

    @Test
    default void acceptancesOfAPeriodAreThoseMadeInIt() {
        store().record(List.of(poll("web1", T0, ok(PORTS, "a"))));
        Version v1 = store().latest("web1", PORTS).orElseThrow();
        store().accept(new Acceptance("web1", PORTS, 1, v1.hash(), "alice", T0.plusSeconds(10), Optional.of("ok"),
                false));
        store().accept(new Acceptance("web1", PORTS, 1, v1.hash(), "bob", T0.plusSeconds(100), Optional.empty(),
                false));

        assertThat(store().acceptances(T0.plusSeconds(50), T0.plusSeconds(200))).extracting(Acceptance::by)
                .containsExactly("bob");
    }
}
