package dev.fleetops.source;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scalar. {@code quoted} is true for quoted YAML and JSON strings: those are always strings, while plain YAML
 * scalars and JSON numbers/booleans/null keep their natural type.
 */
public record ScalarNode(String value, Type type, Location location, String path) implements Node {

    public enum Type { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    @Override
    public String kind() {
        return "a scalar";
    }

    @Override
    public String describe() {
        return switch (type) {
            case NULL -> "null";
            case STRING -> "\"" + value + "\"";
            default -> value;
        };
    }

    public boolean isNull() {
        return type == Type.NULL;
    }

    /** The text of any scalar (numbers and booleans as written). */
    public String text() {
        return value;
    }

    /** A string value; plain numbers and booleans are accepted as their text, null is not. */
    public String asString() {
        if (type == Type.NULL) throw InputError.at(this, "expected a string, got null");
        return value;
    }

    public long asLong(long min, long max) {
        long v;
        try {
            if (type != Type.INTEGER && type != Type.STRING) throw new NumberFormatException();
            v = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw InputError.at(this, "expected an integer, got " + describe());
        }
        if (v < min || v > max) {
            throw InputError.at(this, "expected an integer from " + min + " to " + max + ", got " + v);
        }
        return v;
    }

    public int asInt(int min, int max) {
        return (int) asLong(min, max);
    }

    public double asDouble(double min, double max) {
        double v;
        try {
            if (type == Type.BOOLEAN || type == Type.NULL) throw new NumberFormatException();
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw InputError.at(this, "expected a number, got " + describe());
        }
        if (v < min || v > max || Double.isNaN(v)) {
            throw InputError.at(this, "expected a number from " + min + " to " + max + ", got " + value);
        }
        return v;
    }

    public boolean asBoolean() {
        if (type == Type.BOOLEAN) return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
        throw InputError.at(this, "expected true or false, got " + describe());
    }

    /**
     * A duration written as {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, {@code 1d}, combinations such as
     * {@code 1m30s}, or a plain integer of seconds.
     */
    public Duration asDuration() {
        if (type == Type.INTEGER) return Duration.ofSeconds(asLong(0, Long.MAX_VALUE / 1_000_000_000L));
        Duration d = parseDuration(value);
        if (d == null || type == Type.NULL) {
            throw InputError.at(this, "expected a duration such as 30s, 500ms, 2m or 1h, got " + describe());
        }
        return d;
    }

    /** Parses {@code 30s}, {@code 1m30s}, {@code 250ms}, or an integer number of seconds; null if malformed. */
    public static Duration parseDuration(String text) {
        if (text == null) return null;
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.isEmpty()) return null;
        if (s.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(s));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Matcher m = DURATION.matcher(s);
        int pos = 0;
        Duration total = Duration.ZERO;
        while (m.find()) {
            if (m.start() != pos) return null;
            double n = Double.parseDouble(m.group(1));
            long nanos = switch (m.group(2)) {
                case "ms" -> (long) (n * 1e6);
                case "s" -> (long) (n * 1e9);
                case "m" -> (long) (n * 60e9);
                case "h" -> (long) (n * 3600e9);
                default -> (long) (n * 86400e9);
            };
            total = total.plusNanos(nanos);
            pos = m.end();
        }
        return pos == s.length() ? total : null;
    }
}
