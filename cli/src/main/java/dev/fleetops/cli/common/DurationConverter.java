package dev.fleetops.cli.common;

import dev.fleetops.source.ScalarNode;
import picocli.CommandLine;

import java.time.Duration;

/** Command-line durations: {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 500ms}, or plain seconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration d = ScalarNode.parseDuration(value);
        if (d == null) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration; write e.g. 30s, 10m, 1h30m, 500ms");
        }
        return d;
    }
}
