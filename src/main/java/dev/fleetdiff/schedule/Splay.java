package dev.fleetdiff.schedule;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * A host's splay offset: a delay in {@code [0, splay]} drawn once from its name, so each host keeps the same
 * place in every period (steady intervals between its polls) while the fleet spreads evenly across the window,
 * and every node of a cluster agrees on it.
 */
final class Splay {
    private Splay() {
    }

    static Duration offset(String host, Duration splay) {
        if (splay.isZero() || splay.isNegative()) {
            return Duration.ZERO;
        }
        // SplittableRandom mixes the seed, so names differing in one character land far apart
        return Duration.ofMillis(new SplittableRandom(host.hashCode()).nextLong(splay.toMillis() + 1));
    }
}
