package dev.fleetops.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The design's second principle as a test: core and simulator code take time only from the Scheduler. The one
 * exception is the real-time scheduler itself.
 */
class TimeRuleTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "Thread\\.sleep\\(|System\\.currentTimeMillis\\(|Instant\\.now\\(|LocalDateTime\\.now\\(|"
                    + "ZonedDateTime\\.now\\(|Clock\\.system(UTC|DefaultZone)\\(");

    @Test
    void coreAndSimulatorCodeNeverReadTheSystemClockOrSleep() throws IOException {
        List<String> offences = new ArrayList<>();
        for (String module : List.of("../kernel/src/main/java", "../waiters/src/main/java", "../runbook/src/main/java",
                "../events/src/main/java", "../reconcile/src/main/java", "../sim/src/main/java")) {
            try (Stream<Path> files = Files.walk(Path.of(module))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    if (f.endsWith(Path.of("time", "RealScheduler.java"))) continue;
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (FORBIDDEN.matcher(lines.get(i)).find()) offences.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(offences).as("use the Scheduler (dev.fleetops.time) instead").isEmpty();
    }
}
