package dev.fleetdiff.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetdiff.collect.Collector;
import dev.fleetdiff.collect.ssh.SshjCollector;
import dev.fleetdiff.config.FleetConfig;
import dev.fleetdiff.config.YamlConfigLoader;
import dev.fleetdiff.inventory.HostKeyPolicy;
import dev.fleetdiff.rules.Alert;
import dev.fleetdiff.rules.CheckDiffEveryCommand;
import dev.fleetdiff.store.OutputRecord;
import dev.fleetdiff.store.PollRecord;
import dev.fleetdiff.store.Store;
import dev.fleetdiff.store.Version;
import dev.fleetdiff.store.jdbc.JdbcStore;
import dev.fleetdiff.testing.ClientKey;
import dev.fleetdiff.testing.FakeHost;
import dev.fleetdiff.testing.Reply;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline when another process records the same host between its compare and its record: a second store on the
 * same SQLite file records first, at exactly that moment, so the interleaving happens every time.
 */
class HostPipelineTest {
    static final String COMMAND = PortsFleet.COMMAND;
    /** The one host's name in the fleet file. */
    static final String HOST = "web0";

    @TempDir
    Path dir;
    FakeHost host;
    FleetConfig config;
    JdbcStore store;
    JdbcStore otherProcess;

    @BeforeEach
    void start() throws Exception {
        ClientKey key = ClientKey.ed25519(dir);
        host = FakeHost.start(key.publicKey()).reply(COMMAND, Reply.ok("tcp 22\n"));
        host.addTo(dir.resolve("known_hosts"));
        Path file = PortsFleet.write(dir, key, List.of(host));
        config = YamlConfigLoader.load(file);
        String url = "jdbc:sqlite:" + dir.resolve("fleetdiff.db");
        store = JdbcStore.open(url);
        otherProcess = JdbcStore.open(url);
    }

    @AfterEach
    void stop() {
        store.close();
        otherProcess.close();
        host.close();
    }

    @Test
    void aChangeTheOtherProcessRecordedMeanwhileIsNotAlertedAgain() {
        poll(store);
        host.reply(COMMAND, Reply.ok("tcp 22\ntcp 4444\n"));

        HostOutcome outcome = poll(recordingFirst("tcp 22\ntcp 4444\n"));

        assertThat(outcome.changed()).as("compared again: the other process's version is this output").isFalse();
        assertThat(outcome.alerts()).isEmpty();
        assertThat(alerts()).extracting(Alert::id).containsExactly("other-1");
        assertThat(store.history(HOST, "ports")).hasSize(2);
    }

    @Test
    void aDifferentChangeIsAlertedAgainstTheOtherProcesssVersion() {
        poll(store);
        host.reply(COMMAND, Reply.ok("tcp 22\ntcp 4444\ntcp 5555\n"));

        HostOutcome outcome = poll(recordingFirst("tcp 22\ntcp 4444\n"));

        assertThat(outcome.changed()).isTrue();
        assertThat(alerts()).hasSize(2).last().satisfies(alert -> {
            assertThat(alert.previousOutput()).isEqualTo("tcp 22\ntcp 4444\n");
            assertThat(alert.diff()).contains("+tcp 5555").doesNotContain("+tcp 4444");
        });
        assertThat(store.history(HOST, "ports")).extracting(Version::number).containsExactly(1, 2, 3);
    }

    @Test
    void aPollThatLosesEveryRaceGivesUpAfterItsAttemptsAndStoresNothingOfItsOwn() {
        poll(store);
        host.reply(COMMAND, Reply.ok("tcp 22\ntcp 4444\n"));
        Store busy = interleaved(HostPipeline.MAX_RECORD_ATTEMPTS, n -> "tcp " + n + "\n");

        assertThatThrownBy(() -> poll(busy)).isInstanceOf(IllegalStateException.class)
                .hasMessage(HOST + ": not recorded: other writers recorded newer outputs of its commands "
                        + HostPipeline.MAX_RECORD_ATTEMPTS + " times while this poll was being compared");
        assertThat(alerts()).extracting(Alert::id).as("the other process's alerts only, one per race it won")
                .containsExactlyInAnyOrder("other-1", "other-2", "other-3", "other-4", "other-5");
    }

    private HostOutcome poll(Store through) {
        try (Collector collector = new SshjCollector(dir.resolve("known_hosts"), HostKeyPolicy.STRICT,
                Map.<String, String>of()::get)) {
            HostPipeline pipeline = new HostPipeline(collector, through, new CheckDiffEveryCommand(),
                    OptionalInt.empty(), Clock.systemUTC());
            var host = config.inventory().host(HOST).orElseThrow();
            return pipeline.poll(host, config.inventory().commandsOf(host), false);
        }
    }

    /**
     * The store, except that just before this process's first record the other process records {@code output} as a
     * change of the host's latest version, with its alert: what a second {@code poll} running at the same time does.
     */
    private Store recordingFirst(String output) {
        return interleaved(1, n -> output);
    }

    /** The store, except that before each of this process's first {@code times} records the other records first. */
    private Store interleaved(int times, IntFunction<String> output) {
        AtomicInteger records = new AtomicInteger();
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("record") && records.get() < times) {
                        int n = records.incrementAndGet();
                        otherRecords(n, output.apply(n));
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The other process's n-th record: {@code output} as a change of the host's latest version, alert "other-n". */
    private void otherRecords(int n, String output) {
        Version latest = otherProcess.latest(HOST, "ports").orElseThrow();
        Instant now = Instant.now();
        Alert alert = new Alert("other-" + n, now, HOST, "ports", COMMAND, 100, 7, "changed", output, latest.output(),
                "", List.of(), false, true);
        OutputRecord outcome = new OutputRecord("ports", "ok", Optional.of(0), output, false, Optional.empty(),
                Optional.of(latest.number()));
        assertThat(otherProcess.record(List.of(new PollRecord(HOST, now, now, PollRecord.OK, Optional.empty(),
                List.of(outcome), List.of(alert))))).isEmpty();
    }

    private List<Alert> alerts() {
        return store.pending("log", Instant.now().plusSeconds(60), 100);
    }
}
