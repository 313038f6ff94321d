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
 * Takeover by lease against real processes, in {@link ServeReplicasKillCrashTest}'s harness: three {@code fleetops
 * serve} replicas on one SQS queue, one shared journal ({@code --table}) and one idempotency table; two of them are
 * killed -9 at progress points and <em>not</em> restarted, so no start-up recovery continues their runs. The queue's
 * visibility timeout and the claim lease (60 s) are longer than the journal's lease (30 s) plus one scan (10 s): the
 * runs a dead replica left open are continued by the last one's periodic scan of the expired leases before SQS
 * redelivers their messages, and those redeliveries find the keys done. Every event ends with exactly one effect in
 * the FIFO effects queue. The
 * time it takes is measured by {@code fleetops bench chaos}, not asserted: tests do not bound wall-clock time.
 */
class ServeReplicasTakeoverByLeaseTest {

    static final int EVENTS = 150;

    @Test
    void theRunsOfReplicasThatStayDeadAreFinishedByTheLastOneOnceEach() throws Exception {
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        Path work = Files.createDirectories(Path.of("target", "chaos", "lease-" + System.currentTimeMillis()));
        StringWriter progress = new StringWriter();
        ChaosCluster.Outcome o = ChaosCluster.run(new ChaosCluster.Settings(EVENTS, 2, 3, Duration.ofSeconds(60), 7, 0, false, false),
                URI.create("http://127.0.0.1:" + dynamo.port()), work, System.getProperty("java.class.path"), new PrintWriter(progress, true));
        String why = progress + "\n" + String.join("\n", o.problems()) + "\nreplica logs in " + work;

        assertThat(progress.toString()).as(why).contains("kill 2/2");
        assertThat(o.problems()).as(why).noneMatch(p -> p.startsWith("replica") || p.startsWith("not drained")
                || p.startsWith("progress"));
        assertThat(o.lost()).as("events without an effect: " + why).isZero();
        assertThat(o.doubled()).as("events with two effects or more: " + why).isZero();
        assertThat(o.stranded()).as("held by a killed replica and never finished: " + why).isZero();
        assertThat(o.left()).as("messages left in the intake queue").isZero();
        assertThat(o.effectsInQueue()).isEqualTo(EVENTS);
        String survivorLogs = Files.readString(work.resolve("replica-0.log")) + Files.readString(work.resolve("replica-1.log"))
                + Files.readString(work.resolve("replica-2.log"));
        assertThat(survivorLogs).as("the replicas scan the shared journal's leases")
                .contains("taking over the runs of dead replicas from the shared journal every 10 s")
                .as("a dead replica's open run continued from its expired lease, before any redelivery")
                .contains("(taken over by lease: rule effect, event chaos-");
    }
}
