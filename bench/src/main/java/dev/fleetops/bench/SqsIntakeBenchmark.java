package dev.fleetops.bench;

import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.Intake;
import dev.fleetops.events.PrometheusMetrics;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.time.RealScheduler;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * SQS intake end to end: ElasticMQ in-process, N spot warnings (distinct ids and instances) queued first, then
 * the SQS source (long poll, batches of 10, 10 workers, visibility extension armed, delete after handling)
 * with a no-op ('log') handler; measured from start until every message is deleted.
 */
public final class SqsIntakeBenchmark implements Benchmark {

    @Override
    public String name() {
        return "sqs-intake";
    }

    @Override
    public String description() {
        return "SQS intake end to end against in-process ElasticMQ with a no-op handler (target >= 500 events/s)";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        int n = quick ? 2_000 : 10_000;
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        int port = server.waitUntilStarted().localAddress().getPort();
        RealScheduler scheduler = new RealScheduler();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        RequestCounter counter = new RequestCounter();
        try (SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(counter))
                .build()) {
            progress.println("sqs-intake: warming up both consumers (1,000 events each, not measured)...");
            fleetops(sqs, fill(sqs, "warm-fleetops", 1_000), 1_000, scheduler, pool);
            PlainSqsLoop.drain(sqs, fill(sqs, "warm-plain", 1_000), 1_000, POLLS);
            // whichever drains second runs on a warmer JIT and server (measured: 1.43 with plain first, 0.78-0.84
            // with fleetops first), so each side drains twice, in the order fleetops, plain, plain, fleetops
            progress.println("sqs-intake: " + n + " events in each of four fresh queues (port " + port + "), ABBA...");
            List<String> queues = new ArrayList<>();
            for (String q : List.of("fleetops-1", "plain-1", "plain-2", "fleetops-2")) queues.add(fill(sqs, q, n));
            counter.reset();
            Run f1 = fleetops(sqs, queues.get(0), n, scheduler, pool);
            progress.println("sqs-intake: fleetops requests " + counter.reset());
            double plainSeconds = PlainSqsLoop.drain(sqs, queues.get(1), n, POLLS)
                    + PlainSqsLoop.drain(sqs, queues.get(2), n, POLLS);
            progress.println("sqs-intake: plain requests (two queues) " + counter.reset());
            Run f2 = fleetops(sqs, queues.get(3), n, scheduler, pool);
            progress.println("sqs-intake: fleetops requests " + counter.reset());
            Run f = new Run(f1.deleted + f2.deleted, f1.handled + f2.handled, f1.seconds + f2.seconds);
            double fleetopsRate = f.deleted / f.seconds;
            double plainRate = 2.0 * n / plainSeconds;
            return new BenchResult(name(), "ElasticMQ in-process (loopback HTTP), " + n
                    + " queued spot warnings per queue, each side draining two fresh queues in the order fleetops, plain, plain,"
                    + " fleetops after a 1,000-event warm-up of both; fleetops: SqsSource " + WORKERS + " workers (" + POLLS + " receives at once), batches of 10, deletes"
                    + " in DeleteMessageBatch (5 ms linger) after handling; anchor: a plain SDK v2 loop, " + POLLS
                    + " long polls in flight, receive 10 -> DeleteMessageBatch -> receive; wall time until all deleted",
                    List.of(BenchResult.Metric.atLeast("events per second end to end", Math.round(fleetopsRate), "events/s", 500),
                            BenchResult.Metric.info("anchor: plain SDK receive/delete loop", Math.round(plainRate), "events/s"),
                            BenchResult.Metric.atLeast("fleetops / plain loop", Math.round(fleetopsRate / plainRate * 1000) / 10.0, "%", 90),
                            BenchResult.Metric.info("events handled", f.handled, "events"),
                            BenchResult.Metric.info("wall time, fleetops", Math.round(f.seconds * 1000) / 1000.0, "s"),
                            BenchResult.Metric.info("wall time, plain loop", Math.round(plainSeconds * 1000) / 1000.0, "s")));
        } finally {
            pool.shutdownNow();
            scheduler.close();
            server.stopAndWait();
        }
    }

    static final int WORKERS = 40;
    static final int POLLS = WORKERS / 10;

    private record Run(long deleted, long handled, double seconds) { }

    private static Run fleetops(SqsAsyncClient sqs, String url, int n, RealScheduler scheduler, ExecutorService pool)
            throws InterruptedException {
        PrometheusMetrics metrics = new PrometheusMetrics();
        RuleSet rules = RuleSet.load("bench.yaml", "rules:\n  - name: all\n    pattern: {source: [aws.ec2]}\n    handler: log\n",
                BuiltInHandlers.registry());
        Intake intake = Intake.builder(rules, scheduler, "us-east-1").build();
        intake.events().onEvent(metrics);
        SqsSource source = new SqsSource(sqs, intake, scheduler, pool, SqsSource.Settings.defaults(url).withWorkers(WORKERS));
        long start = System.nanoTime();
        source.start().join();
        while (source.deleted() < n) {
            Thread.sleep(1); // the benchmark's own clock: wall time is what is measured
            if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) break;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        source.crash();
        return new Run(source.deleted(), metrics.count("handled", "log"), seconds);
    }

    /** A fresh queue holding n distinct spot warnings; returns its URL. */
    private static String fill(SqsAsyncClient sqs, String queue, int n) {
        String url = sqs.createQueue(b -> b.queueName(queue)).join().queueUrl();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < n; i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + 10); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(event(j)).build());
            }
            sends.add(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch)));
            if (sends.size() >= 50) {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
                sends.clear();
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        return url;
    }

    private static String event(int i) {
        return "{\"version\":\"0\",\"id\":\"bench-" + i + "\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
                + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-01-05T09:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[],\"detail\":{\"instance-id\":\"" + String.format(Locale.ROOT, "i-%017x", i) + "\",\"instance-action\":\"terminate\"}}";
    }

    /** Requests by operation (and DeleteMessageBatch entries), so both sides are seen asking the server alike. */
    static final class RequestCounter implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> counts =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            String op = context.request().getClass().getSimpleName().replace("Request", "");
            counts.computeIfAbsent(op, k -> new java.util.concurrent.atomic.LongAdder()).increment();
            if (context.request() instanceof software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest d) {
                counts.computeIfAbsent("deleted entries", k -> new java.util.concurrent.atomic.LongAdder()).add(d.entries().size());
            }
        }

        /** The counts since the last reset, then zero. */
        String reset() {
            java.util.Map<String, Long> now = new java.util.TreeMap<>();
            counts.forEach((k, v) -> now.put(k, v.sumThenReset()));
            return now.toString();
        }
    }
}
