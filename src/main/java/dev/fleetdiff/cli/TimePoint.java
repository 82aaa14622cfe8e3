package dev.fleetdiff.cli;

import dev.fleetdiff.config.Units;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A point in time given on the command line: an ISO-8601 time ({@code 2026-11-30T14:00:00Z}, an offset instead of
 * Z), a UTC date ({@code 2026-11-30}, its midnight), or a duration meaning that long ago ({@code 24h}, {@code 7d}).
 */
record TimePoint(Optional<Instant> instant, Optional<Duration> ago) {
    /** The instant this names, counting a duration back from {@code now}. */
    Instant at(Instant now) {
        return instant.orElseGet(() -> now.minus(ago.orElseThrow()));
    }

    /** Reads a {@link TimePoint} from an option's value. */
    static final class Converter implements ITypeConverter<TimePoint> {
        @Override
        public TimePoint convert(String text) {
            try {
                if (text.contains("T")) {
                    return new TimePoint(Optional.of(OffsetDateTime.parse(text).toInstant()), Optional.empty());
                }
                if (text.length() == "2026-11-30".length() && text.charAt(4) == '-') {
                    return new TimePoint(Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()),
                            Optional.empty());
                }
                return new TimePoint(Optional.empty(), Optional.of(Units.duration(text)));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new TypeConversionException("'" + text + "' is no time; expected 2026-11-30T14:00:00Z, "
                        + "2026-11-30 (UTC) or a duration ago such as 24h or 7d");
            }
        }
    }
}
