package dev.fleetops.bench;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.util.Locale;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Replicas of {@code fleetops serve} (child JVMs, each with its own local store for its lock and records) consuming
 * one SQS queue (ElasticMQ in-process) with their journal ({@code --table}) and idempotency keys in one DynamoDB,
 * killed -9 and restarted (or, without restarts, left dead for the others to take over) while they drain N events. Each event's handler is a runbook whose one step sends the event id to an effects queue, an
 * effect counted exactly at the SQS side (each replica reaches SQS through its own {@link ChaosTap}).
 *
 * <p>Kill points are chosen by progress, not by time: kill k falls when the effects seen so far pass a
 * threshold drawn from a seeded random spread over the run, on a replica drawn from the same random; the
 * killed replica is restarted at once on its store. Unless {@link Settings#storm}, a kill also waits until every
 * replica polls again: one failure at a time, the case a takeover bound is about.
 */
final class ChaosCluster {

    /**
     * @param lease the idempotency claim lease and the queue's visibility timeout, which bound a takeover
     * @param rate  events queued per second while the replicas run; 0: all queued before they start. With a
     *              backlog, a message given back to the queue waits behind it: a takeover then measures the
     *              backlog, not the lease
     * @param restart whether a killed replica is restarted at once (on one host it then continues its own runs at
     *                start-up); false: the victims are drawn among the live replicas and stay dead, so the others take
     *                their runs over by lease (at most {@code replicas - 1} kills)
     * @param storm   whether a kill may fall while an earlier victim's restart is still coming up (kill points that
     *                the same progress passes go off back to back, so all replicas can be down at once); false: one
     *                failure at a time, each kill waits until every replica polls its queue again (a kill can still
     *                fall in a restart's start-up recovery, which runs while it polls)
     */
    record Settings(int events, int kills, int replicas, Duration lease, long seed, int rate, boolean restart, boolean storm) { }

    /**
     * What a run gave. {@code lost}, {@code doubled}: events with no message, or more than one, in the effects
     * queue at the end (the SQS side); {@code effectsSeen}: sends SQS accepted, as the taps saw them, of which
     * {@code deduplicated} were repeats the FIFO queue dropped. {@code inHand}: events a killed replica had received and neither deleted nor given back;
     * {@code takeovers}: for each of them not yet acted on at the kill, from the kill to its effect, and how;
     * {@code killsAtWork}: the kills that found events in the victim's hands (the others hit a replica with nothing
     * to take over, or an idle cluster).
     */
    record Outcome(Settings settings, int lost, int doubled, int stranded, int inHand, List<Takeover> takeovers,
                   int effectsInQueue, int effectsSeen, int deduplicated, int left, double wallSeconds, List<String> problems,
                   int killsAtWork) {

        List<Double> takeoverSeconds() {
            return takeovers.stream().map(Takeover::seconds).toList();
        }

        double takeover(double quantile) {
            return quantile(takeoverSeconds(), quantile);
        }

        /** The takeovers {@code how} picks, their count and p50 / p99, for the report's breakdown. */
        String breakdown(java.util.function.Predicate<Takeover> how) {
            List<Double> s = takeovers.stream().filter(how).map(Takeover::seconds).toList();
            return String.format(Locale.ROOT, "%d, p50 %.1f s, p99 %.1f s", s.size(), quantile(s, 0.5), quantile(s, 0.99));
        }

        static double quantile(List<Double> values, double quantile) {
            if (values.isEmpty()) return 0;
            List<Double> s = values.stream().sorted().toList();
            return s.get((int) Math.min(s.size() - 1, Math.ceil(quantile * s.size()) - 1));
        }
    }

    /**
     * One held event's takeover: {@code seconds} from the kill to its effect; {@code redelivered}: SQS delivered it
     * again before that effect (the visibility timeout ran out), else a replica continued its journaled run without
     * a new delivery; {@code byRestart}: the effect came from the killed replica's own restart.
     */
    record Takeover(double seconds, boolean redelivered, boolean byRestart) { }

    private ChaosCluster() { }

    /**
     * @param dynamoDb  endpoint of a DynamoDB (moto, DynamoDB Local) for the replicas' shared idempotency table
     * @param classpath a classpath holding {@code dev.fleetops.cli.Main}
     */
    static Outcome run(Settings s, URI dynamoDb, Path work, String classpath, PrintWriter progress) throws Exception {
        String run = Long.toHexString(s.seed()) + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
        ChaosLedger ledger = new ChaosLedger();
        List<String> problems = new ArrayList<>();
        SQSRestServer server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1").start();
        URI sqsEndpoint = URI.create("http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort());
        List<ChaosTap> taps = new ArrayList<>();
        ChaosReplicas replicas = null;
        long start = System.nanoTime();
        try (SqsAsyncClient sqs = SqsAsyncClient.builder().endpointOverride(sqsEndpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build()) {
            String in = sqs.createQueue(b -> b.queueName("chaos-in-" + run)).join().queueUrl();
            // FIFO: the runbook's SendMessage carries a MessageDeduplicationId derived from its journal token, so the
            // send a continued run repeats after a kill is dropped by SQS (docs/recovery.md, "Repeated calls")
            String effects = sqs.createQueue(b -> b.queueName("chaos-effects-" + run + ".fifo")
                    .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).join().queueUrl();
            Thread feeder = null;
            if (s.rate() <= 0) enqueue(sqs, in, 0, s.events());
            else {
                feeder = new Thread(() -> feed(sqs, in, s), "chaos-feeder");
                feeder.setDaemon(true);
            }
            Path cfg = configure(work, in, effects, s.lease(), dynamoDb, "chaos-keys-" + run, !s.restart());
            String journal = "chaos-journal-" + run;
            createJournal(dynamoDb, journal);
            for (int r = 0; r < s.replicas(); r++) taps.add(new ChaosTap(r, sqsEndpoint, dynamoDb, effects, ledger));
            progress.printf(Locale.ROOT, "chaos: %d events (%s); starting %d replicas (lease %d s)%n", s.events(),
                    s.rate() <= 0 ? "all queued first" : s.rate() + " queued per second", s.replicas(), s.lease().toSeconds());
            replicas = new ChaosReplicas(taps, cfg, work, classpath, journal, problems);
            // kills begin once every replica polls: a replica killed before the others are up would have its runs
            // taken by their start-up recovery, not by the live replicas' takeover this harness measures
            replicas.startAll();
            if (feeder != null) feeder.start();

            Random random = new Random(s.seed());
            int killsAtWork = 0; // kills that found events in the victim's hands
            List<Integer> thresholds = new ArrayList<>();
            for (int k = 0; k < s.kills(); k++) thresholds.add(1 + random.nextInt(Math.max(1, s.events() - 1)));
            thresholds.sort(null);
            for (int k = 0; k < s.kills(); k++) {
                if (!ledger.awaitEffects(thresholds.get(k), Duration.ofMinutes(10).toNanos())) {
                    problems.add("progress stopped at " + ledger.effectCount() + " effects before kill " + (k + 1));
                    break;
                }
                replicas.restartTheDead();
                if (!s.storm()) replicas.awaitEveryonePolling();
                int victim = replicas.victim(random, s.restart());
                if (victim < 0) break; // without restarts: one replica is left
                replicas.kill(victim);
                ChaosLedger.Kill kill = ledger.killed(victim);
                if (!kill.inHand().isEmpty()) killsAtWork++;
                progress.printf(Locale.ROOT, "chaos: kill %d/%d: replica %d after %d effects, %d event(s) in its hands%n", k + 1,
                        s.kills(), victim, ledger.effectCount(), kill.inHand().size());
                progress.flush();
                replicas.restartOrBury(victim, s.restart());
            }
            long guard = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while ((ledger.distinctEffected() < s.events() || visible(sqs, in) > 0) && System.nanoTime() < guard) {
                replicas.restartTheDead();
                Thread.sleep(100); // real processes on real time; the guard only stops a hang
            }
            if (ledger.distinctEffected() < s.events() || visible(sqs, in) > 0) {
                problems.add("not drained within 5 minutes: " + ledger.distinctEffected() + " events effected, "
                        + visible(sqs, in) + " messages in the intake queue");
            }
            int left = visible(sqs, in);
            replicas.stopAll();
            double wall = (System.nanoTime() - start) / 1e9;
            return outcome(s, ledger, delivered(sqs, effects, s.events()), left, wall, problems, start, killsAtWork);
        } finally {
            if (replicas != null) replicas.destroyAll();
            taps.forEach(ChaosTap::close);
            server.stopAndWait();
        }
    }

    /** The shared journal's four tables (serve --table never creates them: docs/recovery.md). */
    private static void createJournal(URI dynamoDb, String prefix) {
        try (var client = software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient.builder().endpointOverride(dynamoDb)
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
             var time = new dev.fleetops.time.RealScheduler();
             var journal = dev.fleetops.journal.Journals.dynamoDb(client, prefix, true, time, Runnable::run)) {
            journal.flush().toCompletableFuture().join();
        }
    }

    private static Outcome outcome(Settings s, ChaosLedger ledger, List<Integer> per, int left, double wall,
                                   List<String> problems, long origin, int killsAtWork) {
        int inQueue = per.stream().mapToInt(Integer::intValue).sum();
        int lost = (int) per.stream().filter(n -> n == 0).count();
        int doubled = (int) per.stream().filter(n -> n > 1).count();
        for (int e = 0; e < per.size(); e++) {
            if (per.get(e) != 1 && problems.size() < 20) {
                problems.add(eventId(e) + ": " + per.get(e) + " messages in the effects queue: " + ledger.story(e, origin));
            }
        }
        if (!problems.isEmpty()) problems.add("kills: " + ledger.killTimes(origin));
        int stranded = 0;
        int inHand = 0;
        List<Takeover> takeover = new ArrayList<>();
        for (ChaosLedger.Kill k : ledger.kills()) {
            for (int e : k.inHand()) {
                inHand++;
                // acted on before the kill (not yet deleted): its redelivery has nothing left to do
                if (ledger.firstEffectAfter(e, 0).filter(f -> f.nanos() < k.nanos()).isPresent()) continue;
                var next = ledger.firstEffectAfter(e, k.nanos());
                if (next.isEmpty()) stranded++;
                else takeover.add(new Takeover((next.get().nanos() - k.nanos()) / 1e9,
                        ledger.firstReceiveBetween(e, k.nanos(), next.get().nanos()).isPresent(), next.get().replica() == k.replica()));
            }
        }
        return new Outcome(s, lost, doubled, stranded, inHand, takeover, inQueue, ledger.effectCount(), ledger.deduplicated(),
                left, wall, problems, killsAtWork);
    }

    private static String eventId(int e) {
        return ChaosTap.EVENT_PREFIX + e;
    }

    /** Queues {@code rate} events a second (the benchmark's own pace, on real time). */
    private static void feed(SqsAsyncClient sqs, String url, Settings s) {
        try {
            for (int from = 0; from < s.events(); from += s.rate()) {
                enqueue(sqs, url, from, Math.min(s.events(), from + s.rate()));
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void enqueue(SqsAsyncClient sqs, String url, int from, int to) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = from; i < to; i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(to, i + 10); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(event(j)).build());
            }
            sends.add(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch)));
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
    }

    /**
     * The effects queue's messages per event, read to the end and deleted (each event is its own message group,
     * so no group waits on another): what SQS would deliver, after its deduplication.
     */
    private static List<Integer> delivered(SqsAsyncClient sqs, String url, int events) {
        int[] n = new int[events];
        int empty = 0;
        while (empty < 2) {
            var messages = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(600)).join().messages();
            if (messages.isEmpty()) {
                empty++;
                continue;
            }
            empty = 0;
            List<software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry> done = new ArrayList<>();
            for (var m : messages) {
                String body = m.body();
                if (body.startsWith(ChaosTap.EVENT_PREFIX)) {
                    int e = Integer.parseInt(body.substring(ChaosTap.EVENT_PREFIX.length()));
                    if (e >= 0 && e < events) n[e]++;
                }
                done.add(software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder()
                        .id("d" + done.size()).receiptHandle(m.receiptHandle()).build());
            }
            sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done)).join();
        }
        List<Integer> per = new ArrayList<>();
        for (int c : n) per.add(c);
        return per;
    }

    private static int visible(SqsAsyncClient sqs, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .join().attributes();
        return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /**
     * The documents, rules and serve config every replica shares.
     *
     * @param holdWhole a receive hides its messages for the whole lease, not the default receive hold: with victims
     *                  left dead, what a dead replica was handling is then taken over by its leases' expiry, the
     *                  path that run is there to measure, before SQS could deliver it again
     */
    private static Path configure(Path work, String in, String effects, Duration lease, URI dynamoDb, String table,
                                  boolean holdWhole) throws IOException {
        Path docs = Files.createDirectories(work.resolve("docs"));
        Files.writeString(docs.resolve("CountEffect.yaml"), String.format(Locale.ROOT, """
                schemaVersion: "0.3"
                description: One effect per handled event, counted at the SQS side
                parameters:
                  EventId:
                    type: String
                mainSteps:
                  - name: Effect
                    action: aws:executeAwsApi
                    inputs:
                      Service: sqs
                      Api: SendMessage
                      QueueUrl: %s
                      MessageBody: "{{ EventId }}"
                      MessageGroupId: "{{ EventId }}"
                """, effects));
        Files.writeString(work.resolve("rules.yaml"), """
                rules:
                  - name: effect
                    pattern: {source: [aws.ec2]}
                    runbook: CountEffect
                    parameters:
                      EventId: $.id
                """);
        long l = lease.toSeconds();
        Path cfg = work.resolve("serve.yaml");
        Files.writeString(cfg, String.format(Locale.ROOT, """
                rules: rules.yaml
                sqs:
                  - queue-url: %s
                    workers: 10
                    wait: 2s
                    visibility: %ds
                    extend-every: %ds
                    retry-delay: 1s
                %s
                idempotency: {claim-lease: %ds, dynamodb-table: %s, create-table: true, endpoint: '%s'}
                shutdown-grace: 10s
                """, in, l, Math.max(1, l / 3), holdWhole ? "    receive-hold: " + l + "s" : "", l, table, dynamoDb));
        return cfg;
    }

    static String event(int i) {
        return "{\"version\":\"0\",\"id\":\"" + eventId(i) + "\",\"detail-type\":\"EC2 Spot Instance Interruption Warning\","
                + "\"source\":\"aws.ec2\",\"account\":\"123456789012\",\"time\":\"2026-01-05T09:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[],\"detail\":{\"instance-id\":\"" + String.format(Locale.ROOT, "i-%017x", i) + "\",\"instance-action\":\"terminate\"}}";
    }
}
