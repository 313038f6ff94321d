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
 * The multi-replica proof: three real {@code fleetops serve} processes share one SQS queue, one journal
 * ({@code --table}) and one idempotency table in DynamoDB (Local, in-process); 500 events, each handled by a runbook whose one effect (an SQS message carrying
 * the event id, sent to a FIFO queue with a MessageDeduplicationId derived from its journal token) is counted at the
 * SQS side, in the effects queue; replicas are killed -9 at six progress points drawn from a seed and
 * restarted at once. The tests share that one run. The time a takeover takes is measured by
 * {@code fleetops bench chaos} (BENCHMARKS.md), not asserted here: tests do not bound wall-clock time.
 */
class ServeReplicasKillCrashTest {

    static final int EVENTS = 500;
    private static ChaosCluster.Outcome outcome;
    private static String why;

    static synchronized ChaosCluster.Outcome run() throws Exception {
        if (outcome == null) {
            DynamoDbLocal dynamo = DynamoDbLocal.shared();
            // kept after the run (target/): the replicas' logs are what explains a failure
            Path work = Files.createDirectories(Path.of("target", "chaos", "run-" + System.currentTimeMillis()));
            StringWriter progress = new StringWriter();
            // storm: kills back to back when their points pass together, a victim's restart can be killed again
            outcome = ChaosCluster.run(new ChaosCluster.Settings(EVENTS, 6, 3, Duration.ofSeconds(10), 4, 0, true, true),
                    URI.create("http://127.0.0.1:" + dynamo.port()), work, System.getProperty("java.class.path"), new PrintWriter(progress, true));
            why = progress + "\n" + String.join("\n", outcome.problems()) + "\nreplica logs in " + work;
        }
        return outcome;
    }

    @Test
    void noEventIsLostAndEveryEventAKilledReplicaHeldIsTakenOver() throws Exception {
        ChaosCluster.Outcome o = run();
        assertThat(o.problems()).as(why).noneMatch(p -> p.startsWith("replica") || p.startsWith("not drained")
                || p.startsWith("progress") || p.contains(": 0 effects"));
        assertThat(o.lost()).as("events without an effect: " + why).isZero();
        assertThat(o.left()).as("messages left in the intake queue").isZero();
        assertThat(o.stranded()).as("held by a killed replica and never finished: " + why).isZero();
        assertThat(o.takeoverSeconds()).as("a takeover per held event not yet acted on").hasSizeLessThanOrEqualTo(o.inHand());
        assertThat(o.effectsInQueue()).as("messages in the effects queue: the taps' sends less the repeats SQS deduplicated")
                .isEqualTo(o.effectsSeen() - o.deduplicated());
    }

    @Test
    void noEventIsActedOnTwice() throws Exception {
        ChaosCluster.Outcome o = run();
        assertThat(o.doubled()).as("events with two effects or more: " + why).isZero();
        assertThat(o.effectsInQueue()).as("messages in the effects queue").isEqualTo(EVENTS);
    }
}
