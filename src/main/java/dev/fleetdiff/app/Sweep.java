package dev.fleetdiff.app;

import dev.fleetdiff.collect.HostFailure;
import dev.fleetdiff.collect.HostPoll;
import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.schedule.PollTurns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls many hosts at once, at most {@code concurrency} at a time and {@code perJumpHost} through one jump host, each
 * on its own virtual thread.
 */
public final class Sweep {
    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);

    private final HostPipeline pipeline;
    private final int concurrency;
    private final int perJumpHost;

    public Sweep(HostPipeline pipeline, int concurrency, int perJumpHost) {
        this.pipeline = pipeline;
        this.concurrency = concurrency;
        this.perJumpHost = perJumpHost;
    }

    /**
     * Polls every host with the commands {@code commandsOf} gives it; {@code onHost} hears each outcome as it ends.
     * A host whose pipeline throws is reported as failed; the others go on.
     */
    public SweepReport run(List<Host> hosts, Function<Host, List<Command>> commandsOf, boolean dryRun,
                           Consumer<HostOutcome> onHost) {
        Instant start = Instant.now();
        PollTurns turns = new PollTurns(concurrency, perJumpHost);
        List<Future<HostOutcome>> futures = new ArrayList<>(hosts.size());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Host host : hosts) {
                String jump = host.jump().orElse(PollTurns.DIRECT);
                futures.add(threads.submit(() -> {
                    turns.await(jump); // never closed: always true
                    try {
                        HostOutcome outcome = pollSafely(host, commandsOf.apply(host), dryRun);
                        onHost.accept(outcome);
                        return outcome;
                    } finally {
                        turns.release(jump);
                    }
                }));
            }
            List<HostOutcome> outcomes = new ArrayList<>(hosts.size());
            for (Future<HostOutcome> future : futures) {
                outcomes.add(future.get());
            }
            return new SweepReport(outcomes, Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("sweep failed", e.getCause());
        }
    }

    private HostOutcome pollSafely(Host host, List<Command> commands, boolean dryRun) {
        try {
            return pipeline.poll(host, commands, dryRun);
        } catch (RuntimeException e) {
            LOG.error("poll of {} failed unexpectedly", host.name(), e);
            HostPoll poll = HostPoll.failed(host.name(), Instant.now(),
                    new HostFailure(HostFailure.Kind.LOCAL, "internal error: " + e));
            return new HostOutcome(poll, List.of(), List.of());
        }
    }
}
