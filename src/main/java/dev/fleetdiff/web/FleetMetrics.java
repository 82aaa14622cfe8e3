package dev.fleetdiff.web;

import dev.fleetdiff.app.Fleetdiff;
import dev.fleetdiff.app.PollListener;
import dev.fleetdiff.schedule.ScheduleCounts;
import dev.fleetdiff.store.HostHealth;
import dev.fleetdiff.store.OutboxCount;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Prometheus metrics of one process, on its own registry (no global state): what the poll pipeline reports through
 * {@link PollListener}, and at each scrape what the store and the schedule say now.
 */
public final class FleetMetrics implements PollListener {
    /** Poll durations span a fast LAN host to a command timeout. */
    private static final double[] POLL_SECONDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
    /** Store writes: one group-committed transaction, from a millisecond to a stalled disk. */
    private static final double[] WRITE_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter polls;
    private final Histogram pollSeconds;
    private final Counter alerts;
    private final Histogram writeSeconds;
    private final Gauge lastSweep;
    private final Gauge lastPoll;

    /**
     * Metrics over the app's store; {@code schedule} says what the schedule did, empty in {@code serve}, which does
     * not poll.
     */
    public FleetMetrics(Fleetdiff app, Supplier<Optional<ScheduleCounts>> schedule) {
        polls = Counter.builder().name("fleetdiff_polls").help("Host polls recorded, by result")
                .labelNames("result").register(registry);
        pollSeconds = Histogram.builder().name("fleetdiff_poll_duration_seconds")
                .help("Time from the first connection attempt to the last output of a host poll")
                .classicOnly().classicUpperBounds(POLL_SECONDS).register(registry);
        alerts = Counter.builder().name("fleetdiff_alerts").help("Alerts raised and committed, by level")
                .labelNames("level").register(registry);
        writeSeconds = Histogram.builder().name("fleetdiff_store_write_duration_seconds")
                .help("Time to commit one host poll's outputs and alerts, queueing for the writer included")
                .classicOnly().classicUpperBounds(WRITE_SECONDS).register(registry);
        lastSweep = Gauge.builder().name("fleetdiff_last_sweep_completed_timestamp_seconds")
                .help("When the last sweep (a one-shot poll of every selected host) completed, Unix time")
                .register(registry);
        lastPoll = Gauge.builder().name("fleetdiff_last_poll_completed_timestamp_seconds")
                .help("When the last host poll was recorded, Unix time: alert if it stops moving")
                .register(registry);
        GaugeWithCallback.builder().name("fleetdiff_hosts").help("Hosts known to the store, by health state")
                .labelNames("state").callback(callback -> hostsByState(app).forEach((state, count) ->
                        callback.call(count, state.name().toLowerCase(Locale.ROOT)))).register(registry);
        GaugeWithCallback.builder().name("fleetdiff_outbox_pending").help("Alerts waiting for delivery, per channel")
                .labelNames("channel").callback(callback -> {
                    for (OutboxCount count : app.outbox()) {
                        callback.call(count.pending() + count.failed(), count.channel());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("fleetdiff_outbox_oldest_pending_age_seconds")
                .help("Age of the oldest alert waiting for delivery, per channel; 0 when none waits")
                .labelNames("channel").callback(callback -> {
                    Map<String, Instant> oldest = app.oldestPending();
                    Instant now = app.now();
                    for (OutboxCount count : app.outbox()) {
                        Instant since = oldest.getOrDefault(count.channel(), now);
                        callback.call(Math.max(0, Duration.between(since, now).toMillis() / 1000.0), count.channel());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("fleetdiff_schedule_fires").help("Scheduled polls fired since start")
                .callback(callback -> schedule.get().ifPresent(c -> callback.call(c.fired()))).register(registry);
        CounterWithCallback.builder().name("fleetdiff_schedule_misfires")
                .help("Scheduled fire times skipped because polling fell behind, since start")
                .callback(callback -> schedule.get().ifPresent(c -> callback.call(c.misfired()))).register(registry);
        JvmMetrics.builder().register(registry);
    }

    private static Map<HostHealth.State, Integer> hostsByState(Fleetdiff app) {
        Map<HostHealth.State, Integer> counts = new EnumMap<>(HostHealth.State.class);
        for (HostHealth.State state : HostHealth.State.values()) {
            counts.put(state, 0);
        }
        for (HostHealth health : app.healths()) {
            counts.merge(health.state(), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public void polled(String host, String result, Duration took) {
        polls.labelValues(result).inc();
        pollSeconds.observe(took.toNanos() / NANOS_PER_SECOND);
        lastPoll.set(System.currentTimeMillis() / 1000.0);
    }

    @Override
    public void alerted(int level) {
        alerts.labelValues(Integer.toString(level)).inc();
    }

    @Override
    public void stored(Duration took) {
        writeSeconds.observe(took.toNanos() / NANOS_PER_SECOND);
    }

    @Override
    public void sweepCompleted(Instant at) {
        lastSweep.set(at.toEpochMilli() / 1000.0);
    }

    /** The content type of {@link #scrape()}. */
    static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    /** Every metric now, in the Prometheus text format. */
    byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
