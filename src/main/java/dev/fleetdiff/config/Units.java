package dev.fleetdiff.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the numbers of hosts.yaml: durations ({@code 500ms 10s 5m 1h 1d}), sizes ({@code 512 64KiB 1MiB 1GiB}),
 * whole numbers and booleans. Each parser throws IllegalArgumentException whose message says what to write instead.
 */
public final class Units {
    static final long KIB = 1024;
    static final long MIB = 1024 * KIB;
    static final long GIB = 1024 * MIB;

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("(\\d{1,18})\\s*([A-Za-z]*)");
    private static final Map<String, ChronoUnit> TIME_UNITS = Map.of(
            "ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS, "m", ChronoUnit.MINUTES,
            "h", ChronoUnit.HOURS, "d", ChronoUnit.DAYS);
    private static final Map<String, Long> SIZE_UNITS = Map.of("", 1L, "B", 1L, "KiB", KIB, "MiB", MIB, "GiB", GIB);
    private static final String DURATION_FORMS = "write a whole number with a unit: 500ms, 10s, 5m, 1h or 1d";
    private static final String SIZE_FORMS = "write a whole number of bytes, optionally with a unit: 512, 64KiB, 1MiB or 1GiB";

    private Units() {
    }

    /** A duration of zero or more, as hosts.yaml writes it; also for command-line options such as --since. */
    public static Duration duration(String text) {
        Matcher m = NUMBER_AND_UNIT.matcher(text.strip());
        ChronoUnit unit = m.matches() ? TIME_UNITS.get(m.group(2)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("is not a duration; " + DURATION_FORMS);
        }
        try {
            return Duration.of(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too long; " + DURATION_FORMS + " that fits in a few years", e);
        }
    }

    /** A duration longer than zero, for timeouts and windows that must let time pass. */
    static Duration positiveDuration(String text) {
        Duration duration = duration(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException("must be longer than 0; write e.g. 10s");
        }
        return duration;
    }

    /** A size in bytes from 1 to {@code max}. */
    static Function<String, Long> size(long max) {
        return text -> {
            Matcher m = NUMBER_AND_UNIT.matcher(text.strip());
            if (m.matches() && !SIZE_UNITS.containsKey(m.group(2)) && isDecimalUnit(m.group(2))) {
                throw new IllegalArgumentException("is ambiguous: " + m.group(2)
                        + " may mean powers of 1000 or of 1024; write KiB, MiB or GiB (powers of 1024) or a plain number of bytes");
            }
            Long unit = m.matches() ? SIZE_UNITS.get(m.group(2)) : null;
            if (unit == null) {
                throw new IllegalArgumentException("is not a size; " + SIZE_FORMS);
            }
            long number = Long.parseLong(m.group(1));
            if (number < 1 || number > max / unit) {
                throw new IllegalArgumentException("is out of range; write a size from 1 byte to " + bytes(max));
            }
            return number * unit;
        };
    }

    private static boolean isDecimalUnit(String unit) {
        return switch (unit.toUpperCase(Locale.ROOT)) {
            case "K", "KB", "M", "MB", "G", "GB" -> true;
            default -> false;
        };
    }

    /** A duration as hosts.yaml writes it, in its largest whole unit: 500ms, 90s, 5m, 2h, 1d. */
    public static String text(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        for (ChronoUnit unit : new ChronoUnit[] {ChronoUnit.DAYS, ChronoUnit.HOURS, ChronoUnit.MINUTES}) {
            long size = unit.getDuration().toSeconds();
            if (seconds > 0 && seconds % size == 0) {
                return seconds / size + TIME_UNITS.entrySet().stream().filter(e -> e.getValue() == unit)
                        .findFirst().orElseThrow().getKey();
            }
        }
        return seconds + "s";
    }

    static String bytes(long size) {
        for (String unit : new String[] {"GiB", "MiB", "KiB"}) {
            if (size % SIZE_UNITS.get(unit) == 0) {
                return size / SIZE_UNITS.get(unit) + unit;
            }
        }
        return Long.toString(size);
    }

    /** A whole number from {@code min} to {@code max}. */
    static Function<String, Integer> integer(int min, int max) {
        return text -> {
            String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
            if (!text.strip().matches("-?\\d{1,18}")) {
                throw new IllegalArgumentException("is not a whole number; write digits only, " + range);
            }
            long number = Long.parseLong(text.strip());
            if (number < min || number > max) {
                throw new IllegalArgumentException("is out of range; write a whole number " + range);
            }
            return (int) number;
        };
    }

    /** {@code true}/{@code yes}/{@code on} or {@code false}/{@code no}/{@code off}, in any case. */
    static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("is not true or false; write true or false");
        };
    }
}
