package dev.fleetdiff.collect.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Permits per key: the cap holds, waiting is bounded, and idle keys leave the map. */
@Timeout(30)
class KeyedPermitsTest {

    @Test
    void aFullKeyMakesWaitersTimeOutButOtherKeysAreFree() throws InterruptedException {
        KeyedPermits permits = new KeyedPermits(2);
        Optional<KeyedPermits.Permit> a = permits.acquire("10.0.0.1:22", Duration.ZERO);
        Optional<KeyedPermits.Permit> b = permits.acquire("10.0.0.1:22", Duration.ZERO);

        long started = System.nanoTime();
        assertThat(permits.acquire("10.0.0.1:22", Duration.ofMillis(100))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(permits.acquire("10.0.0.2:22", Duration.ZERO)).isPresent();

        a.orElseThrow().close();
        a.orElseThrow().close();
        assertThat(permits.acquire("10.0.0.1:22", Duration.ZERO)).isPresent();
        assertThat(permits.acquire("10.0.0.1:22", Duration.ZERO)).isEmpty();
        b.orElseThrow().close();
    }

    @Test
    @SuppressWarnings("try")   // a permit is only held
    void manyThreadsOnFewKeysNeverExceedTheCapAndLeaveNoEntries() throws Exception {
        KeyedPermits permits = new KeyedPermits(3);
        AtomicInteger[] holders = {new AtomicInteger(), new AtomicInteger()};
        AtomicInteger most = new AtomicInteger();
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int k = i % 2;
                work.add(threads.submit(() -> {
                    try (KeyedPermits.Permit permit = permits.acquire("host" + k, Duration.ofSeconds(10)).orElseThrow()) {
                        most.accumulateAndGet(holders[k].incrementAndGet(), Math::max);
                        Thread.onSpinWait();
                        holders[k].decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(20, TimeUnit.SECONDS);
            }
        }
        assertThat(most.get()).isBetween(1, 3);
        assertThat(permits.keysInUse()).isZero();
    }
}
