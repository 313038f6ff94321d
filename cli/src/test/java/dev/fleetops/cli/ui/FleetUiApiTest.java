package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cli.session.Session;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.Lease;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.control.Signal;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.testing.DynamoDbLocal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The UI's JSON API without a browser: token, shapes, the approval signal, the fleet read from Describe calls. */
class FleetUiApiTest {

    private static final String TOKEN = "t0ken-for-the-api-test";
    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    private final ExecutionStore store = ExecutionStore.inMemory();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Session session;
    private FleetUi ui;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        session = Session.on(Scenarios.start(Scenarios.load("web", Map.of()), 5));
        session.settle();
        StepRecord approve = new StepRecord("Approve", "aws:approve", Status.Waiting, 1, Map.of(), Map.of(), Optional.empty(),
                Optional.empty(), Optional.of(T0), Optional.empty(), List.of(), List.of(), List.of());
        store.save(new ExecutionRecord("exec-waiting", "runbook", "Maintain", Status.Waiting, Optional.of(T0), Optional.empty(),
                Map.of(), Map.of(), Optional.empty(), List.of(approve), Optional.empty()));
        store.save(new ExecutionRecord("exec-done", "runbook", "Maintain", Status.Success, Optional.of(T0), Optional.of(T0.plusSeconds(9)),
                Map.of(), Map.of(), Optional.empty(), List.of(), Optional.empty()));
        ui = FleetUi.start(new FleetUi.Sources(session.cloud(), store, Optional.empty(), Optional.of(TOKEN), Duration.ofSeconds(1)));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        ui.mount(server);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + FleetUi.PATH;
        session.virtualTime().runFor(Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.stop(0);
        ui.close();
        session.close();
    }

    @Test
    void everythingNeedsTheToken() throws Exception {
        for (String p : List.of("", "ui.js", "api/fleet", "api/executions/exec-waiting", "api/stream")) {
            assertThat(get(p, null).statusCode()).as(p).isEqualTo(401);
            assertThat(get(p, "Bearer wrong").statusCode()).as(p).isEqualTo(401);
        }
        assertThat(post("api/executions/exec-waiting/signal", "{\"SignalType\":\"Approve\"}", null).statusCode()).isEqualTo(401);
        assertThat(store.takeSignals("exec-waiting")).isEmpty();
        HttpResponse<String> login = get("?token=" + TOKEN, null);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/ui/");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base)).header("Cookie", cookie.split(";")[0]).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h2>Out of rotation</h2>").doesNotContain(TOKEN);
    }

    @Test
    void viewsInAwsShapes() throws Exception {
        JsonNode list = json(get("api/executions", "Bearer " + TOKEN));
        assertThat(list.path("AutomationExecutionMetadataList")).hasSize(2);
        assertThat(list.path("AutomationExecutionMetadataList").get(0).path("AutomationExecutionStatus").asText()).isIn("Waiting", "Success");
        assertThat(json(get("api/executions?ExecutionStatus=Waiting", "Bearer " + TOKEN)).path("AutomationExecutionMetadataList"))
                .singleElement().satisfies(e -> assertThat(e.path("CurrentStepName").asText()).isEqualTo("Approve"));
        JsonNode one = json(get("api/executions/exec-waiting", "Bearer " + TOKEN));
        assertThat(one.path("AutomationExecution").path("DocumentName").asText()).isEqualTo("Maintain");
        assertThat(one.path("Fleetops").path("ApprovalsWaiting").get(0).path("StepName").asText()).isEqualTo("Approve");
        assertThat(one.path("Fleetops").path("TimelineSvg").asText()).contains("<svg");
        assertThat(get("api/executions/nope", "Bearer " + TOKEN).statusCode()).isEqualTo(404);
        assertThat(get("api/executions?MaxResults=x", "Bearer " + TOKEN).statusCode()).isEqualTo(400);

        JsonNode fleet = json(get("api/fleet", "Bearer " + TOKEN));
        assertThat(fleet.path("AutoScalingGroups").get(0).path("Instances")).hasSize(3);
        assertThat(fleet.path("TargetGroups").get(0).path("TargetHealthDescriptions")).hasSize(3);
        assertThat(fleet.path("OutOfRotation")).isEmpty();
        String id = fleet.path("AutoScalingGroups").get(0).path("Instances").get(0).path("InstanceId").asText();
        String tg = fleet.path("TargetGroups").get(0).path("TargetGroupArn").asText();
        session.await(session.cloud().elbv2().deregisterTargets(b -> b.targetGroupArn(tg).targets(t -> t.id(id))), Duration.ofSeconds(30));
        session.virtualTime().runFor(Duration.ofSeconds(1));
        assertThat(ui.view("fleet").path("OutOfRotation")).singleElement()
                .satisfies(o -> assertThat(o.path("InstanceId").asText()).isEqualTo(id))
                .satisfies(o -> assertThat(o.path("Why").asText()).contains("draining"));
        assertThat(json(get("api/events", "Bearer " + TOKEN)).path("Counts").has("DeadLettered")).isTrue();
        assertThat(json(get("api/replicas", "Bearer " + TOKEN)).path("Journal").asBoolean()).isFalse();
    }

    @Test
    void theFleetIsReadOnlyWhileSomeoneLooks() throws Exception {
        get("api/fleet", "Bearer " + TOKEN);
        session.virtualTime().runFor(FleetUi.WATCHED_FOR.plusSeconds(5)); // nobody asks: the reads stop
        long before = targetHealthReads();
        session.virtualTime().runFor(Duration.ofMinutes(10));
        assertThat(targetHealthReads()).as("DescribeTargetHealth calls while nobody looks").isEqualTo(before);

        get("api/fleet", "Bearer " + TOKEN); // someone looks again: read within the next second, then each second
        session.virtualTime().runFor(Duration.ofSeconds(10));
        assertThat(targetHealthReads() - before).isBetween(9L, 11L);
        assertThat(get("api/fleet", "Bearer nope").statusCode()).isEqualTo(401);
        session.virtualTime().runFor(FleetUi.WATCHED_FOR.plusMinutes(1));
        long after = targetHealthReads();
        session.virtualTime().runFor(Duration.ofMinutes(1));
        assertThat(targetHealthReads()).as("a refused request is not someone looking").isEqualTo(after);
    }

    @Test
    void replicasShowEveryLeaseInTheStoreWhoeverHoldsIt() throws Exception {
        // two replicas on the shared store (DynamoDB Local, a client each): this one, whose page is read, and another
        // it shares nothing with but the tables
        DynamoDbLocal dynamo = DynamoDbLocal.shared();
        String prefix = "ui-replicas-" + System.nanoTime();
        DynamoDbAsyncClient otherClient = dynamo.newClient();
        Journal mine = Journals.dynamoDb(dynamo.client(), prefix, true, session.cloud().scheduler(), Runnable::run);
        Journal other = Journals.dynamoDb(otherClient, prefix, false, session.cloud().scheduler(), Runnable::run);
        FleetUi replicas = FleetUi.start(new FleetUi.Sources(session.cloud(), store, Optional.of(mine), Optional.empty(), Duration.ofSeconds(1)));
        HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        replicas.mount(page);
        page.start();
        // read as the page does (a request is someone looking: the leases are read each second while someone looks)
        URI api = URI.create("http://127.0.0.1:" + page.getAddress().getPort() + FleetUi.PATH + "api/replicas");
        java.util.concurrent.Callable<JsonNode> read = () -> json(http.send(HttpRequest.newBuilder(api).build(), HttpResponse.BodyHandlers.ofString()));
        try {
            Lease a = session.await(mine.leases().acquire("exec-mine", "replica-a", Duration.ofSeconds(30)), Duration.ofSeconds(10)).orElseThrow();
            Lease b = session.await(other.leases().acquire("exec-theirs", "replica-b", Duration.ofSeconds(60)), Duration.ofSeconds(10)).orElseThrow();
            session.virtualTime().runFor(Duration.ofSeconds(10));
            Lease renewed = session.await(other.leases().renew(b), Duration.ofSeconds(10));
            session.virtualTime().runFor(Duration.ofSeconds(2));
            JsonNode doc = read.call();
            assertThat(doc.path("Leases")).extracting(l -> l.path("Resource").asText()).containsExactly("exec-mine", "exec-theirs");
            JsonNode theirs = doc.path("Leases").get(1);
            assertThat(theirs.path("Owner").asText()).isEqualTo("replica-b");
            assertThat(theirs.path("Token").asLong()).isEqualTo(renewed.token());
            assertThat(theirs.path("ExpiresAt").asText()).isEqualTo(renewed.expiresAt().toString());
            assertThat(theirs.path("LastRenewal").asText()).as("the renewal 10 s after the grant")
                    .isEqualTo(renewed.expiresAt().minusSeconds(60).toString()).isNotEqualTo(b.expiresAt().minusSeconds(60).toString());
            assertThat(doc.path("Replicas")).extracting(r -> r.path("Owner").asText()).containsExactly("replica-a", "replica-b");
            assertThat(doc.path("Replicas").get(0).path("LastHeartbeat").asText()).isEqualTo(a.expiresAt().minusSeconds(30).toString());
            assertThat(doc.path("Replicas").get(1).path("LastHeartbeat").asText()).isEqualTo(theirs.path("LastRenewal").asText());
            assertThat(doc.path("Replicas").get(1).path("Leases").asInt()).isEqualTo(1);

            // released by its holder: gone from the view at the next read
            session.await(other.leases().release(renewed), Duration.ofSeconds(10));
            session.virtualTime().runFor(Duration.ofSeconds(2));
            assertThat(read.call().path("Leases")).extracting(l -> l.path("Resource").asText()).containsExactly("exec-mine");

            // replica-a stops renewing: its lease expires unreleased (takeable), and replica-b takes it over
            read.call();
            session.virtualTime().runFor(Duration.ofSeconds(20));
            JsonNode expired = read.call();
            assertThat(expired.path("Leases")).isEmpty();
            assertThat(expired.path("Takeable")).extracting(l -> l.path("Owner").asText()).containsExactly("replica-a");
            Lease taken = session.await(other.leases().acquire("exec-mine", "replica-b", Duration.ofSeconds(60)), Duration.ofSeconds(10)).orElseThrow();
            session.virtualTime().runFor(Duration.ofSeconds(2));
            JsonNode after = read.call();
            assertThat(after.path("Takeable")).isEmpty();
            assertThat(after.path("Leases")).singleElement().satisfies(l -> {
                assertThat(l.path("Owner").asText()).isEqualTo("replica-b");
                assertThat(l.path("Token").asLong()).isEqualTo(taken.token()).isGreaterThan(a.token());
                assertThat(l.path("TakenFrom").asText()).isEqualTo("replica-a");
            });
            assertThat(after.path("Takeovers")).singleElement().satisfies(t -> {
                assertThat(t.path("Resource").asText()).isEqualTo("exec-mine");
                assertThat(t.path("From").asText()).isEqualTo("replica-a");
                assertThat(t.path("To").asText()).isEqualTo("replica-b");
            });
        } finally {
            page.stop(0);
            replicas.close();
            other.close();
            mine.close();
            otherClient.close();
        }
    }

    private long targetHealthReads() {
        return session.region().context().gate().calls("elbv2", "DescribeTargetHealth");
    }

    @Test
    void approveLeavesResumesSignal() throws Exception {
        HttpResponse<String> r = post("api/executions/exec-waiting/signal", "{\"SignalType\":\"Approve\",\"Comment\":\"ok\"}", "Bearer " + TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Signal> left = store.takeSignals("exec-waiting");
        assertThat(left).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(Signal.Type.Approve);
            assertThat(s.comment()).hasValue("ok");
            assertThat(s.step()).isEmpty(); // as resume: the waiting step takes it
        });
    }

    @Test
    void errorsAreNamedAsSsmNamesThem() throws Exception {
        String auth = "Bearer " + TOKEN;
        assertError(post("api/executions/exec-waiting/signal", "{\"SignalType\":\"Maybe\"}", auth), 400,
                "InvalidAutomationSignalException", "SignalType must be Approve or Reject, got 'Maybe'");
        assertError(post("api/executions/exec-waiting/signal", "{\"SignalType\":\"Resume\"}", auth), 400,
                "InvalidAutomationSignalException", "got 'Resume'");
        assertError(post("api/executions/exec-waiting/signal", "not json", auth), 400, "ValidationException", "not JSON");
        assertError(post("api/executions/exec-waiting/signal", "{\"SignalType\":\"" + "A".repeat(70_000) + "\"}", auth), 400,
                "ValidationException", "larger than 64 KiB");
        assertError(get("api/executions?MaxResults=x", auth), 400, "ValidationException", "MaxResults must be a whole number >= 1, got 'x'");
        assertError(get("api/executions?MaxResults=0", auth), 400, "ValidationException", "MaxResults");

        assertError(get("api/executions/nope", auth), 404, "AutomationExecutionNotFoundException", "no execution nope");
        assertError(post("api/executions/nope/signal", "{\"SignalType\":\"Approve\"}", auth), 404,
                "AutomationExecutionNotFoundException", "no execution nope");
        assertError(get("api/nothing", auth), 404, "UnknownOperationException", "no view nothing");
        assertError(post("api/fleet", "{}", auth), 405, "UnknownOperationException", "use GET");

        // well formed, but the signal does not apply to the execution now
        assertError(post("api/executions/exec-done/signal", "{\"SignalType\":\"Approve\"}", auth), 409,
                "InvalidAutomationSignalException", "execution exec-done already ended Success");
        store.save(new ExecutionRecord("exec-running", "runbook", "Maintain", Status.InProgress, Optional.of(T0), Optional.empty(),
                Map.of(), Map.of(), Optional.empty(), List.of(), Optional.empty()));
        assertError(post("api/executions/exec-running/signal", "{\"SignalType\":\"Reject\"}", auth), 409,
                "InvalidAutomationSignalException", "is InProgress, not waiting for a signal");

        // an id that names a path is refused before the store is asked (a directory store keeps one file per id)
        for (String id : List.of("..%2Fexec-done", "a%2F..%2F..%2Fetc", "..", "x%5Cy", "a%00b", "x".repeat(129))) {
            assertError(get("api/executions/" + id, auth), 400, "ValidationException", "AutomationExecutionId must be");
            assertError(post("api/executions/" + id + "/signal", "{\"SignalType\":\"Approve\"}", auth), 400,
                    "ValidationException", "AutomationExecutionId must be");
        }
        assertThat(store.takeSignals("exec-done")).isEmpty();
        assertThat(store.takeSignals("exec-waiting")).isEmpty();
        assertThat(store.takeSignals("exec-running")).isEmpty();
    }

    private static void assertError(HttpResponse<String> r, int status, String type, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode e = Json.parse(r.body());
        assertThat(e.path("__type").asText()).isEqualTo(type);
        assertThat(e.path("message").asText()).contains(message);
    }

    private HttpResponse<String> get(String path, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (auth != null) b.header("Authorization", auth);
        if (path.equals("api/stream")) return http.send(b.build(), HttpResponse.BodyHandlers.ofString()); // 401: a short answer
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String auth) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) b.header("Authorization", auth);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }
}
