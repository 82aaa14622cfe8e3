package dev.fleetdiff.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetdiff.inventory.Command;
import dev.fleetdiff.inventory.Host;
import dev.fleetdiff.inventory.Inventory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    static final Duration PATIENCE = Duration.ofSeconds(20);

    final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

    private PollTarget recorder(Duration pollTime) {
        return (host, commands, fireTime) -> {
            polls.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
            sleep(pollTime);
        };
    }

    private static Inventory inventory(List<String> hosts, Duration splay) {
        return inventory(hosts, splay, EVERY_SECOND);
    }

    private static Inventory inventory(List<String> hosts, Duration splay, String schedule) {
        Command uname = Command.of("uname", "uname");
        List<Host> list = hosts.stream().map(name -> new Host(name, "127.0.0.1", 22, "audit", Path.of("id"),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Duration.ofSeconds(5), 1024,
                schedule, splay, List.of("uname"), List.of("all"))).toList();
        return new Inventory(list, Map.of("uname", uname), Map.of("all", hosts));
    }

    private int pollsOf(String host) {
        return polls.getOrDefault(host, new AtomicInteger()).get();
    }

    @Test
    void eachHostIsDueItsOwnSplayOffsetAfterTheCronTime() throws Exception {
        List<String> hosts = IntStream.rangeClosed(1, 20).mapToObj("web%02d"::formatted).toList();
        Duration splay = Duration.ofSeconds(50);
        try (QuartzSchedule schedule = new QuartzSchedule(4, 4, Duration.ofSeconds(5), recorder(Duration.ZERO))) {
            Instant loaded = Instant.now();
            schedule.load(inventory(hosts, splay, "0 * * * * ?"));
            for (String host : hosts) {
                Duration offset = Splay.offset(host, splay);
                Instant due = schedule.nextPoll(host).orElseThrow();
                assertThat(due.minus(offset).toEpochMilli() % 60_000).as(host + ": a whole minute plus its offset")
                        .isZero();
                assertThat(due).as(host + ": the next such time").isAfter(loaded.minusSeconds(1))
                        .isBefore(loaded.plusSeconds(61));
            }
            assertThat(hosts.stream().map(h -> Splay.offset(h, splay)).distinct()).hasSizeGreaterThan(15);
        }
    }

    @Test
    void closeLetsThePollInFlightFinishAndDropsThoseWaitingForASlot() throws Exception {
        QuartzSchedule schedule = new QuartzSchedule(1, 1, Duration.ofSeconds(30), recorder(Duration.ofSeconds(2)));
        schedule.load(inventory(List.of("a", "b", "c"), Duration.ZERO));
        schedule.start();
        waitFor(() -> schedule.counts().fired() >= 3 && schedule.counts().waiting() >= 1);

        long start = System.nanoTime();
        schedule.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the one poll in flight, not the 30 s grace")
                .isLessThan(Duration.ofSeconds(10));
        int polled = polls.values().stream().mapToInt(AtomicInteger::get).sum();
        long started = schedule.counts().polled();
        Thread.sleep(300);
        assertThat(polls.values().stream().mapToInt(AtomicInteger::get).sum()).as("no poll after close")
                .isEqualTo(polled).isEqualTo((int) started);
        assertThat(schedule.counts().fired()).as("some fired polls were dropped").isGreaterThan(started);
    }

    @Test
    void fireTimesMissedWhileAPollRunsLongAreCountedAndSkipped() throws Exception {
        try (QuartzSchedule schedule = new QuartzSchedule(1, 1, Duration.ofSeconds(5), Duration.ofMillis(500),
                recorder(Duration.ofMillis(2500)))) {
            schedule.load(inventory(List.of("slow"), Duration.ZERO));
            schedule.start();
            waitFor(() -> schedule.counts().misfired() >= 1 && pollsOf("slow") >= 2);
            ScheduleCounts counts = schedule.counts();
            assertThat(counts.polled()).as("one poll at a time, nothing replayed").isEqualTo(pollsOf("slow"))
                    .isLessThanOrEqualTo(counts.fired());
        }
    }

    @Test
    void twoSchedulesInOneProcessAreIndependent() throws Exception {
        QuartzSchedule first = new QuartzSchedule(1, 1, Duration.ofSeconds(5), recorder(Duration.ZERO));
        try (QuartzSchedule second = new QuartzSchedule(1, 1, Duration.ofSeconds(5), recorder(Duration.ZERO))) {
            first.load(inventory(List.of("first"), Duration.ZERO));
            second.load(inventory(List.of("second"), Duration.ZERO));
            assertThat(first.nextPoll("first")).as("loading one schedule leaves the other's jobs alone").isPresent();
            assertThat(first.jobCount()).isEqualTo(1);
            first.start();
            second.start();
            waitFor(() -> pollsOf("first") >= 1 && pollsOf("second") >= 1);

            first.close();
            int before = pollsOf("second");
            waitFor(() -> pollsOf("second") >= before + 2);
            assertThat(second.jobCount()).isEqualTo(1);
        } finally {
            first.close();
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
