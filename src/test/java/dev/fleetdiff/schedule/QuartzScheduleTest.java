package dev.fleetdiff.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The schedule on Quartz with a recording target: splay without holding a slot, prompt stop, misfires counted. */
class QuartzScheduleTest {
    static final String EVERY_SECOND = "* * * * * ?";
    static final Duration SPLAY = Duration.ofSeconds(30);
    static final Duration PATIENCE = Duration.ofSeconds(20);

    final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

    private PollTarget recorder(Duration pollTime) {
        return (host, commands) -> {
            polls.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            sleep(pollTime);
        };
    }

    private static Inventory inventory(List<String> hosts, Duration splay) {
        Command uname = Command.of("uname", "uname");
        List<Host> list = hosts.stream().map(name -> new Host(name, "127.0.0.1", 22, "audit", Path.of("id"),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1024,
                EVERY_SECOND, splay, List.of("uname"), List.of("all"))).toList();
        return new Inventory(list, Map.of("uname", uname), Map.of("all", hosts));
    }

    /** Host names whose splay offset is above or below the given bound, as many as asked. */
    private static List<String> hostsWithOffset(boolean above, Duration bound, int count) {
        return IntStream.range(0, 10_000).mapToObj("host%d"::formatted)
                .filter(name -> Splay.offset(name, SPLAY).compareTo(bound) > 0 == above)
                .limit(count).toList();
    }

    private int pollsOf(String host) {
        return polls.getOrDefault(host, new AtomicInteger()).get();
    }

    @Test
    void aHostWaitingForItsSplayHoldsNoSlot() throws Exception {
        List<String> late = hostsWithOffset(true, Duration.ofSeconds(20), 4);
        String early = hostsWithOffset(false, Duration.ofMillis(300), 1).getFirst();
        List<String> all = new ArrayList<>(late);
        all.add(early);
        try (QuartzSchedule schedule = new QuartzSchedule(1, Duration.ofSeconds(5), recorder(Duration.ZERO))) {
            schedule.load(inventory(all, SPLAY));
            schedule.start();
            waitFor(() -> pollsOf(early) >= 3);
            assertThat(late).as("hosts still waiting for their offset").allSatisfy(h -> assertThat(pollsOf(h)).isZero());
        }
    }

    @Test
    void closeDropsPollsStillWaitingForTheirSplay() throws Exception {
        List<String> late = hostsWithOffset(true, Duration.ofSeconds(20), 3);
        QuartzSchedule schedule = new QuartzSchedule(2, Duration.ofSeconds(30), recorder(Duration.ZERO));
        schedule.load(inventory(late, SPLAY));
        schedule.start();
        waitFor(() -> schedule.counts().fired() >= 3);

        long start = System.nanoTime();
        schedule.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("stop time, not the 30 s grace")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(polls).isEmpty();
        assertThat(schedule.counts().polled()).isZero();
    }

    @Test
    void fireTimesMissedWhileAPollRunsLongAreCountedAndSkipped() throws Exception {
        try (QuartzSchedule schedule = new QuartzSchedule(1, Duration.ofSeconds(5), Duration.ofMillis(500),
                recorder(Duration.ofMillis(2500)))) {
            schedule.load(inventory(List.of("slow"), Duration.ZERO));
            schedule.start();
            waitFor(() -> schedule.counts().misfired() >= 1 && pollsOf("slow") >= 2);
            ScheduleCounts counts = schedule.counts();
            assertThat(counts.polled()).as("one poll at a time, nothing replayed").isEqualTo(pollsOf("slow"))
                    .isLessThanOrEqualTo(counts.fired());
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within " + PATIENCE).isLessThan(end);
            Thread.sleep(50);
        }
    }

    private static void sleep(Duration time) {
        try {
            Thread.sleep(time);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
