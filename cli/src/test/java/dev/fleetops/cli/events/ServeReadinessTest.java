package dev.fleetops.cli.events;

import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * A real {@code serve} on moto's SQS: /readyz is 200 while its queue answers, turns 503 naming the queue when the
 * queue goes away (deleted), and is 200 again once the queue is back. Bounded polls on the daemon's answers.
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
        ServeKillTest fixture = new ServeKillTest();
        fixture.dir = dir;
        Path cfg = fixture.config();
        Files.writeString(cfg, Files.readString(cfg) + "sqs:\n  - queue-url: " + url + "\n");
        ServeKillTest.Child child = fixture.start(cfg,
                List.of("--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString()),
                Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", // moto takes any keys
                        "AWS_EC2_METADATA_DISABLED", "true",
                        "AWS_CONFIG_FILE", dir.resolve("no-config").toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString()));
        serve = child.process();
        HttpClient client = HttpClient.newHttpClient();
        URI readyz = URI.create("http://127.0.0.1:" + child.port() + "/readyz");
        AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
        java.util.function.IntPredicate answers = status -> {
            try {
                last.set(client.send(HttpRequest.newBuilder(readyz).build(), HttpResponse.BodyHandlers.ofString()));
                return last.get().statusCode() == status;
            } catch (Exception e) {
                return false;
            }
        };

        ServeKillTest.await(() -> answers.test(200), () -> "ready: " + last.get().body() + "\n" + String.join("\n", child.err()));
        assertThat(last.get().body()).contains("\"ready\":true");

        sqs.deleteQueue(b -> b.queueUrl(url)).join();
        ServeKillTest.await(() -> answers.test(503), () -> "not ready: " + last.get().body());
        assertThat(last.get().body()).contains("\"ready\":false").contains("queue " + url);

        sqs.createQueue(b -> b.queueName(name)).join();
        ServeKillTest.await(() -> answers.test(200), () -> "ready again: " + last.get().body() + "\n" + String.join("\n", child.err()));
        assertThat(last.get().body()).contains("\"ready\":true").doesNotContain("queue " + url);
        assertThat(serve.isAlive()).isTrue();
    }
}
