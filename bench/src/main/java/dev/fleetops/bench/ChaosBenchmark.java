package dev.fleetops.bench;

import dev.fleetops.testing.DynamoDbLocal;
import dev.fleetops.testing.MotoServer;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;


/**
 * Issue 10's chaos run: three {@code fleetops serve} replicas (child JVMs) on one SQS queue (ElasticMQ in-process)
 * with their journal ({@code --table}) and idempotency keys in one DynamoDB (Local when at hand, else moto), killed -9 at 100 points (by progress) and restarted,
 * one failure at a time unless {@code -Dfleetops.chaos.storm=true}, while they handle events whose effect (one SQS SendMessage per handling) is counted at the SQS side. Reports lost
 * / doubled / stranded events (target 0 / 0 / 0) and the takeover time of the events a killed replica held (from
 * the kill to their effect by the next holder; target p99 <= lease + 5 s), beside the anchor: the lease.
 */
public final class ChaosBenchmark implements Benchmark {

    static final Duration LEASE = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "chaos";
    }

    @Override
    public String description() {
        return "3 serve replicas on SQS + DynamoDB killed -9 at 100 points: lost/doubled/stranded (target 0/0/0), "
                + "takeover p99 <= lease + 5 s";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        int kills = Integer.getInteger("fleetops.chaos.kills", quick ? 10 : 100);
        // events arrive as they would (5 a second, below what the cluster handles between kills), enough of them that
        // all 100 kills fall while there is work: with kills one at a time each waits for the last victim's restart
        // (~6 s on 2 cores), and with a backlog queued first a message given back to the queue measures the backlog,
        // not the takeover (BENCHMARKS.md, "Chaos"). -Dfleetops.chaos.rate=0 queues them all first.
        int events = Integer.getInteger("fleetops.chaos.events", quick ? 300 : 3000);
        int rate = Integer.getInteger("fleetops.chaos.rate", 5);
        // one failure at a time unless asked: with kill points spread by progress, several can go off back to back
        // while earlier victims are still starting (BENCHMARKS.md, "Chaos")
        boolean storm = Boolean.getBoolean("fleetops.chaos.storm");
        ChaosCluster.Settings s = new ChaosCluster.Settings(events, kills, 3, LEASE, 10, rate, true, storm);
        Path work = Files.createTempDirectory("fleetops-chaos");
        String classpath = System.getProperty("java.class.path");
        ChaosCluster.Outcome o;
        String dynamoDb;
        if (dynamoDbLocalHere()) {
            dynamoDb = "DynamoDB Local (in-process)";
            try (DynamoDbLocal local = DynamoDbLocal.start()) {
                o = ChaosCluster.run(s, URI.create("http://127.0.0.1:" + local.port()), work, classpath, progress);
            }
        } else {
            dynamoDb = "moto";
            try (MotoServer moto = MotoServer.start()) {
                o = ChaosCluster.run(s, moto.endpoint(), work, classpath, progress);
            }
        }
        o.problems().forEach(p -> progress.println("chaos: " + p));
        double lease = LEASE.toSeconds();
        List<BenchResult.Metric> m = new ArrayList<>();
        m.add(BenchResult.Metric.atMost("events lost", o.lost(), "events", 0));
        m.add(BenchResult.Metric.atMost("events with more than one effect", o.doubled(), "events", 0));
        m.add(BenchResult.Metric.atMost("events stranded (held by a killed replica, never finished)", o.stranded(), "events", 0));
        m.add(BenchResult.Metric.atMost("takeover p99", round(o.takeover(0.99)), "s", lease + 5));
        m.add(BenchResult.Metric.info("takeover p50", round(o.takeover(0.50)), "s"));
        progress.println("chaos: takeovers of a journaled run, no new delivery, by the restart: " + o.breakdown(t -> !t.redelivered() && t.byRestart()));
        progress.println("chaos: takeovers of a journaled run, no new delivery, by another replica: " + o.breakdown(t -> !t.redelivered() && !t.byRestart()));
        progress.println("chaos: takeovers after SQS delivered the event again: " + o.breakdown(ChaosCluster.Takeover::redelivered));
        m.add(BenchResult.Metric.info("anchor: lease (claim lease = SQS visibility timeout)", lease, "s"));
        m.add(BenchResult.Metric.info("kills done", o.settings().kills() - (o.problems().stream().anyMatch(p -> p.startsWith("progress")) ? 1 : 0), "kills"));
        m.add(BenchResult.Metric.info("of them with events in the victim's hands", o.killsAtWork(), "kills"));
        m.add(BenchResult.Metric.info("events held by a killed replica (received, neither deleted nor given back)", o.inHand(), "events"));
        m.add(BenchResult.Metric.info("of them not yet acted on at the kill (takeovers measured)", o.takeoverSeconds().size(), "events"));
        m.add(BenchResult.Metric.info("sends SQS accepted (counted at the taps)", o.effectsSeen(), "sends"));
        m.add(BenchResult.Metric.info("of them repeats the FIFO queue deduplicated", o.deduplicated(), "sends"));
        m.add(BenchResult.Metric.info("messages in the effects queue (what lost and doubled count)", o.effectsInQueue(), "messages"));
        m.add(BenchResult.Metric.info("messages left in the intake queue", o.left(), "messages"));
        m.add(BenchResult.Metric.info("wall time", round(o.wallSeconds()), "s"));
        return new BenchResult(name(), events + " Spot warnings queued in ElasticMQ (in-process, "
                + (rate <= 0 ? "all before the replicas start" : rate + " per second") + "), 3 replicas of fleetops serve "
                + "(child JVMs, --cloud aws, 10 workers each, claim lease = visibility = " + LEASE.toSeconds()
                + " s) sharing one journal (--table) and the idempotency table in " + dynamoDb + "; a runbook rule sends each handled event's id to a FIFO "
                + "effects queue (MessageDeduplicationId from the journal token); " + kills + " kills -9 at progress points drawn from seed 10, each replica restarted at once, "
                + (storm ? "kills back to back when their points pass together (storm)" : "each kill once every replica polls again") + "; "
                + "counted at per-replica proxies in front of SQS and in the effects queue; work dir " + work, m);
    }

    /**
     * DynamoDB Local when its classes and sqlite4java natives are at hand (the bench module's test classpath, as
     * BENCHMARKS.md runs it); otherwise moto, whose TransactWriteItems copies every table it touches (a backup for
     * rollback, moto 5), so the shared journal's writes slow down as the run fills its tables.
     */
    private static boolean dynamoDbLocalHere() {
        String natives = System.getProperty("sqlite4java.library.path");
        if (natives == null || !Files.isDirectory(Path.of(natives))) return false;
        try {
            Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner", false, ChaosBenchmark.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
