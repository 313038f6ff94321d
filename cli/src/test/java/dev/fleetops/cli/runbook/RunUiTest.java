package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code fleetops run --ui} as a process: it prints the page's loopback URL on stderr, serves the page and its API
 * while the run goes (the run waits at an aws:approve; the approval comes from the page's API), and stops serving
 * when the run ends.
 */
class RunUiTest {

    private static final String DOC = "../examples/approval/RebootAfterApproval.yaml";
    private static final Pattern URL = Pattern.compile("^ui: (http://127\\.0\\.0\\.1:\\d+/ui/)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    private Process process;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (process != null) process.destroyForcibly();
    }

    @Test
    void servesThePageWhileTheRunGoesAndTheApprovalFromItLetsTheRunFinish() throws Exception {
        Path store = dir.resolve("store");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.fleetops.cli.Main",
                "--seed", "7", "-o", "json", "run", DOC, "-p", "InstanceId=@instance:web:0", "--store", store.toString(), "--ui"));
        process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();

        URI page = URI.create(poll(() -> {
            Matcher m = URL.matcher(Files.readString(err));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }, err));
        String id = poll(() -> {
            JsonNode list = get(page.resolve("api/executions?ExecutionStatus=Waiting"));
            JsonNode first = list.path("AutomationExecutionMetadataList").path(0);
            return first.isMissingNode() ? Optional.empty() : Optional.of(first.path("AutomationExecutionId").asText());
        }, err);

        HttpResponse<String> html = http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("<h2>Out of rotation</h2>");
        JsonNode one = get(page.resolve("api/executions/" + id));
        assertThat(one.path("AutomationExecution").path("DocumentName").asText()).isEqualTo("RebootAfterApproval");
        assertThat(one.path("Fleetops").path("ApprovalsWaiting").get(0).path("StepName").asText()).isEqualTo("Approve");
        assertThat(get(page.resolve("api/fleet")).path("AutoScalingGroups").get(0).path("Instances")).hasSize(3);

        HttpResponse<String> approve = http.send(HttpRequest.newBuilder(page.resolve("api/executions/" + id + "/signal"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"SignalType\":\"Approve\",\"By\":\"ops-lead\",\"Comment\":\"from the page\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approve.statusCode()).as(approve.body()).isEqualTo(200);

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(err)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(err)).isZero();
        JsonNode record = Json.parse(Files.readString(out));
        assertThat(record.at("/AutomationExecution/AutomationExecutionId").asText()).isEqualTo(id);
        assertThat(record.at("/AutomationExecution/AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(record.at("/AutomationExecution/StepExecutions/0/Outputs/ApproverDecisions").toString())
                .contains("ops-lead").contains("from the page");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString()))
                .as("the page is served while the run goes, not after").isInstanceOf(ConnectException.class);
    }

    @Test
    void badUiFlagsAreUsageErrors() {
        CliRun withoutUi = CliRun.of("run", DOC, "-p", "InstanceId=@instance:web:0", "--ui-token", "x", "--store", dir.toString());
        assertThat(withoutUi.exitCode()).isEqualTo(2);
        assertThat(withoutUi.err()).contains("--ui-bind, --ui-port and --ui-token need --ui");
        CliRun open = CliRun.of("run", DOC, "-p", "InstanceId=@instance:web:0", "--ui", "--ui-bind", "0.0.0.0", "--store", dir.toString());
        assertThat(open.exitCode()).isEqualTo(2);
        assertThat(open.err()).contains("--ui-bind 0.0.0.0 is reachable from other hosts: give --ui-token TOKEN");
        CliRun port = CliRun.of("run", DOC, "-p", "InstanceId=@instance:web:0", "--ui", "--ui-port", "70000", "--store", dir.toString());
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--ui-port must be between 0 and 65535, got 70000");
        assertThat(open.err() + port.err() + withoutUi.err()).doesNotContain("Exception");
    }

    private interface Probe {
        Optional<String> read() throws Exception;
    }

    /** Polls a real process (its output, its page) until {@code probe} answers; not a measure of time. */
    private String poll(Probe probe, Path err) throws Exception {
        for (int i = 0; i < 1200 && process.isAlive(); i++) {
            Optional<String> v;
            try {
                v = probe.read();
            } catch (IOException e) {
                v = Optional.empty();
            }
            if (v.isPresent()) return v.get();
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("no answer from the run; stderr: " + Files.readString(err));
    }

    private JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(uri + ": " + r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }
}
