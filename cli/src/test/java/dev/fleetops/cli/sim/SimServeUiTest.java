package dev.fleetops.cli.sim;

import dev.fleetops.cli.ui.FleetUiPages;
import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.runbook.engine.ExecutionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: {@code fleetops sim serve} (a process) mounts the live page; headless Chromium loads it from the
 * served endpoint with the token, sees the served region's fleet and the store's executions, and a deregistration
 * sent to the endpoint through the AWS SDK shows on the page as out of rotation.
 */
class SimServeUiTest {

    private static final String TOKEN = "sim-serve-ui-token";

    @TempDir
    Path dir;

    private Process process;
    private WebDriver browser;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (browser != null) browser.quit();
        if (process != null) process.destroyForcibly();
    }

    @Test
    void thePageIsServedFromSimServeAndFollowsTheServedRegion() throws Exception {
        browser = FleetUiPages.chromium();
        Path store = dir.resolve("executions");
        ExecutionStore records = ExecutionStore.directory(store);
        Instant t0 = Instant.parse("2026-01-05T09:00:00Z");
        records.save(new ExecutionRecord("exec-from-a-run", "runbook", "Maintain", Status.Success, Optional.of(t0),
                Optional.of(t0.plusSeconds(30)), Map.of(), Map.of(), Optional.empty(), List.of(), Optional.empty()));
        records.flush();
        URI endpoint = serve("--seed", "7", "sim", "serve", "--speed", "0", "--port", "0", "--settle",
                "--token", TOKEN, "--store", store.toString());

        assertThat(http.send(HttpRequest.newBuilder(endpoint.resolve("/ui/api/fleet")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("the page's API without the token").isEqualTo(401);

        browser.get(endpoint.resolve("/ui/?token=" + TOKEN).toString());
        FleetUiPages.awaitEveryView(browser);
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
        assertThat(browser.findElement(By.cssSelector("#fleet h2")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("execution-list")).getText()).contains("exec-from-a-run").contains("Maintain");

        try (Cloud cloud = clients(endpoint)) {
            var groups = cloud.client(AutoScalingAsyncClient.class).describeAutoScalingGroups(b -> { }).get(30, TimeUnit.SECONDS);
            List<String> instances = groups.autoScalingGroups().get(0).instances().stream().map(i -> i.instanceId()).toList();
            assertThat(instances).hasSize(3);
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> instances.stream().allMatch(d.findElement(By.id("groups")).getText()::contains));
            assertThat(browser.findElements(By.cssSelector("#out-of-rotation tbody tr"))).isEmpty();

            var elb = cloud.client(ElasticLoadBalancingV2AsyncClient.class);
            String tg = elb.describeTargetGroups(b -> { }).get(30, TimeUnit.SECONDS).targetGroups().get(0).targetGroupArn();
            elb.deregisterTargets(b -> b.targetGroupArn(tg).targets(t -> t.id(instances.get(0)))).get(30, TimeUnit.SECONDS);
            advance(endpoint, 2); // the page's fleet is read each virtual second
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector(
                    "#out-of-rotation tr[data-instance-id='" + instances.get(0) + "']")).isEmpty());
            assertThat(browser.findElements(By.cssSelector("#out-of-rotation tbody tr"))).hasSize(1);
        }
    }

    private URI serve(String... args) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.fleetops.cli.Main"));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        for (int i = 0; i < 2400 && process.isAlive() && Files.readString(out).lines().findFirst().isEmpty(); i++) {
            TimeUnit.MILLISECONDS.sleep(50); // polls the child's output, a real process: not a measure of time
        }
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        String first = Files.readString(out).lines().findFirst().orElseThrow(() -> new AssertionError(errors));
        return URI.create(first);
    }

    private void advance(URI endpoint, int seconds) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(endpoint.resolve("/_fleetops/advance?seconds=" + seconds))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static Cloud clients(URI endpoint) {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        return AwsCloud.create(new AwsSettings(Optional.of("us-east-1"), Optional.empty(), Optional.of(endpoint), false));
    }
}
