package dev.fleetops.sim.wire;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written ISO 8601 timestamps the XML answers carry are the JDK formatter's, to the millisecond. */
class ValuesTest {

    private static final DateTimeFormatter JDK = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    @Test
    void isoMillisIsWhatTheJdkFormatterWrites() {
        assertThat(Values.isoMillis(Instant.parse("2026-01-05T09:03:07.041Z"))).isEqualTo("2026-01-05T09:03:07.041Z");
        assertThat(Values.isoMillis(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
        // before the epoch, leap days, sub-millisecond nanos (truncated, as the formatter does), the range's ends
        for (String s : new String[]{"1969-12-31T23:59:59.999999Z", "2024-02-29T23:59:59.500Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z", "2026-12-07T14:00:00.000999Z"}) {
            Instant t = Instant.parse(s);
            assertThat(Values.isoMillis(t)).as(s).isEqualTo(JDK.format(t));
        }
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 10_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L), random.nextInt(1_000_000_000));
            assertThat(Values.isoMillis(t)).as(t.toString()).isEqualTo(JDK.format(t));
        }
    }
}
