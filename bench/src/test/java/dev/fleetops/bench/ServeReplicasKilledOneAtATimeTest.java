package dev.fleetops.bench;

import dev.fleetops.testing.DynamoDbLocal;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code fleetops bench chaos}'s default schedule, small: three real {@code fleetops serve} processes on one queue,
 * journal and idempotency table, events arriving while they run, each kill once every replica polls again (one
 * failure at a time) with the victim restarted at once. Every kill waits for the restarts it follows, every event
 * ends with exactly one effect, and every event a victim held is taken over. How long a takeover takes is measured
 * by the benchmark, not asserted: tests do not bound wall-clock time.
 */
class ServeReplicasKilledOneAtATimeTest {

    static final int EVENTS = 150;

    @Test
    void eachKillWaitsForTheRestartsBeforeItAndNoEventIsLostOrDoubled() throws Exception {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        Path work = Files.createDirectories(Path.of("target", "chaos", "one-at-a-time-" + System.currentTimeMillis()));
        StringWriter progress = new StringWriter();
        ChaosCluster.Outcome o = ChaosCluster.run(new ChaosCluster.Settings(EVENTS, 4, 3, Duration.ofSeconds(10), 5, 10, true, false),
                URI.create("http://127.0.0.1:" + dynamo.port()), work, System.getProperty("java.class.path"), new PrintWriter(progress, true));
        String why = progress + "\n" + String.join("\n", o.problems()) + "\nreplica logs in " + work;

        assertThat(progress.toString()).as(why).contains("kill 4/4");
        assertThat(o.problems()).as("no replica failed to come up, none exited by itself, the queue drained: " + why).isEmpty();
        assertThat(o.lost()).as("events without an effect: " + why).isZero();
        assertThat(o.doubled()).as("events with two effects or more: " + why).isZero();
        assertThat(o.stranded()).as("held by a killed replica and never finished: " + why).isZero();
        assertThat(o.effectsInQueue()).isEqualTo(EVENTS);
        // each incarnation that came up logged one "rules, " line
        int incarnations = 0;
        for (int r = 0; r < 3; r++) {
            incarnations += Files.readString(work.resolve("replica-" + r + ".log")).split("fleetops serve: 1 rules, ", -1).length - 1;
        }
        // 3 first starts, and the restarts after kills 1-3 each up before the next kill (the 4th may end with the run)
        assertThat(incarnations).as(why).isGreaterThanOrEqualTo(6);
    }
}
