package dev.fleetops.cli.events;

import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.fleetops.journal.Journals;
import dev.fleetops.time.VirtualScheduler;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code serve} on moto: /readyz is 200 while its queue and its journal answer, turns 503 naming the queue or
 * the journal when either goes away (deleted), and is 200 again once it is back. Bounded polls on the daemon's answers.
 */
class ServeReadinessTest {

    @TempDir
    Path dir;

    Process serve;

    @AfterEach
    void kill() {
        if (serve != null) serve.destroyForcibly();
    }

    @Test
    void readyzFollowsTheQueueAwayAndBack() throws Exception {
        MotoServer moto = MotoServer.shared();
        SqsAsyncClient sqs = moto.cloud().client(SqsAsyncClient.class);
        String name = "readyz-" + System.nanoTime();
        String url = sqs.createQueue(b -> b.queueName(name)).join().queueUrl();
        Readyz readyz = serve(moto, url, List.of());

        readyz.await(200, "ready");
        assertThat(readyz.body()).contains("\"ready\":true");

        sqs.deleteQueue(b -> b.queueUrl(url)).join();
        readyz.await(503, "not ready");
        assertThat(readyz.body()).contains("\"ready\":false").contains("queue " + url);

        sqs.createQueue(b -> b.queueName(name)).join();
        readyz.await(200, "ready again");
        assertThat(readyz.body()).contains("\"ready\":true").doesNotContain("queue " + url);
        assertThat(serve.isAlive()).isTrue();
    }

    /** The shared journal (--table, DynamoDB on moto) gone: not ready, naming the journal; back: ready again. */
    @Test
    void readyzFollowsTheJournalTableAwayAndBack() throws Exception {
        MotoServer moto = MotoServer.shared();
        SqsAsyncClient sqs = moto.cloud().client(SqsAsyncClient.class);
        DynamoDbAsyncClient dynamo = moto.cloud().client(DynamoDbAsyncClient.class);
        String url = sqs.createQueue(b -> b.queueName("readyz-journal-" + System.nanoTime())).join().queueUrl();
        String table = "readyz" + System.nanoTime();
        Journals.dynamoDb(dynamo, table, true, new VirtualScheduler(), Runnable::run).close();
        Readyz readyz = serve(moto, url, List.of("--table", table));

        readyz.await(200, "ready");
        assertThat(readyz.body()).contains("\"ready\":true");

        dynamo.deleteTable(b -> b.tableName(table + "-entries")).join();
        readyz.await(503, "not ready");
        assertThat(readyz.body()).contains("\"ready\":false").contains("\"journal\"");

        Journals.dynamoDb(dynamo, table, true, new VirtualScheduler(), Runnable::run).close();
        readyz.await(200, "ready again");
        assertThat(readyz.body()).contains("\"ready\":true").doesNotContain("\"journal\"");
        assertThat(serve.isAlive()).isTrue();
    }

    /** The keys' table (several replicas share it) gone: not ready, naming the table; back: ready again. */
    @Test
    void readyzFollowsTheIdempotencyTableAwayAndBack() throws Exception {
        MotoServer moto = MotoServer.shared();
        SqsAsyncClient sqs = moto.cloud().client(SqsAsyncClient.class);
        DynamoDbAsyncClient dynamo = moto.cloud().client(DynamoDbAsyncClient.class);
        String url = sqs.createQueue(b -> b.queueName("readyz-keys-" + System.nanoTime())).join().queueUrl();
        String table = "readyz-keys-" + System.nanoTime();
        Readyz readyz = serve(moto, url, List.of(), "idempotency: {dynamodb-table: " + table + ", create-table: true}\n");

        readyz.await(200, "ready");
        dynamo.deleteTable(b -> b.tableName(table)).join();
        readyz.await(503, "not ready");
        assertThat(readyz.body()).contains("\"ready\":false").contains("table " + table);

        new dev.fleetops.cloud.dynamodb.DynamoDbTable(dynamo, table, dev.fleetops.events.IdempotencyStores.KEY)
                .createIfMissing(java.util.Optional.empty());
        readyz.await(200, "ready again");
        assertThat(readyz.body()).doesNotContain("table " + table);
    }

    private Readyz serve(MotoServer moto, String queueUrl, List<String> options) throws Exception {
        return serve(moto, queueUrl, options, "");
    }

    /** Starts {@code serve --cloud aws} on moto with one SQS source, the extra serve options and config lines. */
    private Readyz serve(MotoServer moto, String queueUrl, List<String> options, String config) throws Exception {
        ServeKillTest fixture = new ServeKillTest();
        fixture.dir = dir;
        Path cfg = fixture.config();
        Files.writeString(cfg, Files.readString(cfg) + config + "sqs:\n  - queue-url: " + queueUrl + "\n");
        List<String> global = List.copyOf(List.of("--cloud", "aws", "--region", MotoServer.REGION,
                "--endpoint-url", moto.endpoint().toString()));
        ServeKillTest.Child child = fixture.start(cfg, global, options,
                Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", // moto takes any keys
                        "AWS_EC2_METADATA_DISABLED", "true",
                        "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString()));
        serve = child.process();
        return new Readyz(URI.create("http://127.0.0.1:" + child.port() + "/readyz"), child);
    }

    /** Polls /readyz (bounded by {@link ServeKillTest#await}) and keeps the last answer for the assertions. */
    private static final class Readyz {
        private final HttpClient client = HttpClient.newHttpClient();
        private final URI uri;
        private final ServeKillTest.Child child;
        private final AtomicReference<HttpResponse<String>> last = new AtomicReference<>();

        Readyz(URI uri, ServeKillTest.Child child) {
            this.uri = uri;
            this.child = child;
        }

        void await(int status, String what) throws InterruptedException {
            ServeKillTest.await(() -> answers(status), () -> what + ": " + (last.get() == null ? "no answer" : last.get().body())
                    + "\n" + String.join("\n", child.err()));
        }

        String body() {
            return last.get().body();
        }

        private boolean answers(int status) {
            try {
                last.set(client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
                return last.get().statusCode() == status;
            } catch (Exception e) {
                return false;
            }
        }
    }
}
