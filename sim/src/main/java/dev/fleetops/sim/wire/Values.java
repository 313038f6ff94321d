package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.MemberKind;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;

/**
 * Scalars as text, the way the text protocols (query and XML) carry them: numbers in plain notation, booleans as
 * {@code true}/{@code false}, blobs in base64, timestamps in the member's format (ISO 8601 unless the model says
 * otherwise; "Timestamp formats" in the Smithy protocol pages).
 */
final class Values {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC_822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private Values() { }

    static MemberKind kind(SdkField<?> f) {
        return MemberKind.of(f.marshallingType());
    }

    /** The text of a scalar value for a text protocol. */
    static String text(SdkField<?> f, Object v, TimestampFormatTrait.Format defaultTime) {
        if (v instanceof Instant t) return time(t, format(f, defaultTime));
        if (v instanceof SdkBytes b) return Base64.getEncoder().encodeToString(b.asByteArrayUnsafe());
        if (v instanceof Double d) return BigDecimal.valueOf(d).toPlainString();
        if (v instanceof Float x) return new BigDecimal(Float.toString(x)).toPlainString();
        if (v instanceof BigDecimal d) return d.toPlainString();
        return String.valueOf(v);
    }

    static String time(Instant t, TimestampFormatTrait.Format format) {
        return switch (format) {
            case UNIX_TIMESTAMP -> epochSeconds(t).toPlainString();
            case UNIX_TIMESTAMP_MILLIS -> Long.toString(t.toEpochMilli());
            case RFC_822 -> RFC_822.format(t);
            default -> isoMillis(t);
        };
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC, what {@link #ISO_MILLIS} gives, written by hand: the formatter's
     * generality was a tenth of a 100-instance DescribeInstances answer's CPU (bench wire). Years 1-9999 only; the
     * formatter writes the others.
     */
    static String isoMillis(Instant t) {
        long seconds = t.getEpochSecond();
        java.time.LocalDate day = java.time.LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        if (day.getYear() < 1 || day.getYear() > 9999) return ISO_MILLIS.format(t); // yyyy is the year of era: proleptic 0 is 1 BC
        int inDay = (int) Math.floorMod(seconds, 86_400L);
        char[] c = new char[24];
        digits(c, 0, day.getYear(), 4);
        c[4] = '-';
        digits(c, 5, day.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, day.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, inDay / 3600, 2);
        c[13] = ':';
        digits(c, 14, inDay / 60 % 60, 2);
        c[16] = ':';
        digits(c, 17, inDay % 60, 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    static BigDecimal epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3).stripTrailingZeros();
    }

    static TimestampFormatTrait.Format format(SdkField<?> f, TimestampFormatTrait.Format defaultFormat) {
        TimestampFormatTrait t = f.getTrait(TimestampFormatTrait.class);
        return t == null ? defaultFormat : t.format();
    }

    /**
     * A scalar of kind {@code kind} parsed from {@code s}; {@code name} is the parameter as the client sent it, for
     * the error a value that does not parse gets ({@code errorCode}, HTTP 400).
     */
    static Object parse(SdkField<?> f, String s, String name, String errorCode) {
        MemberKind kind = kind(f);
        try {
            return switch (kind) {
                case STRING -> s;
                case INTEGER -> Integer.parseInt(s.trim());
                case LONG -> Long.parseLong(s.trim());
                case SHORT -> Short.parseShort(s.trim());
                case BYTE -> Byte.parseByte(s.trim());
                case FLOAT -> Float.parseFloat(s.trim());
                case DOUBLE -> Double.parseDouble(s.trim());
                case DECIMAL -> new BigDecimal(s.trim());
                case BOOLEAN -> bool(s);
                case TIMESTAMP -> instant(s.trim());
                case BLOB -> SdkBytes.fromByteArray(Base64.getDecoder().decode(s.trim()));
                default -> throw new IllegalArgumentException("not a scalar");
            };
        } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
            throw new BadRequest(errorCode, "Invalid value '" + s + "' for parameter " + name + ": expected "
                    + kind.description());
        }
    }

    private static boolean bool(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("true")) return true;
        if (t.equals("false")) return false;
        throw new IllegalArgumentException("not a boolean");
    }

    /** ISO 8601 as any protocol writes it, or epoch seconds. */
    static Instant instant(String s) {
        if (s.matches("-?[0-9]+(\\.[0-9]+)?")) return fromEpochSeconds(new BigDecimal(s));
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        }
    }

    static Instant fromEpochSeconds(BigDecimal seconds) {
        return Instant.ofEpochMilli(seconds.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
    }
}
