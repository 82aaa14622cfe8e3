package dev.fleetdiff.cli;

import dev.fleetdiff.config.Units;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration option ({@code --since 24h}) the way hosts.yaml writes durations. */
final class SinceConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
        try {
            return Units.duration(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + text + "' " + e.getMessage());
        }
    }
}
