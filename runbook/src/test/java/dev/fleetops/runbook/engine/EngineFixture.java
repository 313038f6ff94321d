package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.time.VirtualScheduler;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A virtual-time engine over a fake cloud. aws:executeAwsApi and aws:createTags are scripted per step name
 * (default: succeed after 1 s with an empty response), so documents exercise the engine, not AWS.
 */
final class EngineFixture {

    final VirtualScheduler scheduler = new VirtualScheduler();
    final List<Object> ec2Requests = new ArrayList<>();
    final Cloud cloud = Cloud.builder().region("eu-west-1").scheduler(scheduler)
            .client(software.amazon.awssdk.services.ec2.Ec2AsyncClient.class, fakeEc2()).build();
    final ExecutionStore store = ExecutionStore.inMemory();
    final Map<String, Function<ActionContext, CompletionStage<ActionResult>>> scripts = new LinkedHashMap<>();
    final Map<String, Integer> attempts = new LinkedHashMap<>();
    final List<String> events = new ArrayList<>();
    /** How long the fake EC2 takes to answer DescribeInstances. */
    volatile Duration answerDelay = Duration.ZERO;
    RunbookEngine engine;

    EngineFixture() {
        this(b -> b);
    }

    EngineFixture(UnaryOperator<RunbookEngine.Builder> settings) {
        engine = settings.apply(RunbookEngine.builder(cloud).store(store).ssmDocuments(false)
                .actions(ActionRegistry.standard().with(scripted("aws:executeAwsApi")).with(scripted("aws:createTags"))
                        .with(scripted("aws:runCommand")))
                .onEvent(e -> {
                    if (e instanceof RunbookEvent.StepStarted s) events.add("start " + s.step().stepName());
                    if (e instanceof RunbookEvent.StepEnded s) events.add("end " + s.step().stepName() + " " + s.step().status());
                })).build();
    }

    private Action scripted(String name) {
        return new Action() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<ActionResult> execute(ActionContext context) {
                attempts.merge(context.stepName(), 1, Integer::sum);
                return scripts.getOrDefault(context.stepName(), ok(Duration.ofSeconds(1), "{}")).apply(context);
            }
        };
    }

    /** Succeeds after {@code after} with {@code response} as the API response. */
    static Function<ActionContext, CompletionStage<ActionResult>> ok(Duration after, String response) {
        return c -> c.scheduler().delay(after).thenApply(v -> ActionResult.of(Map.of(ActionResult.RESPONSE, json(response))));
    }

    static Function<ActionContext, CompletionStage<ActionResult>> fail(Duration after, String message) {
        return c -> c.scheduler().delay(after).thenApply(v -> {
            throw new ActionFailure(ActionFailure.Type.Action, message);
        });
    }

    /** Never ends by itself; ends (exceptionally) when the engine stops the attempt. */
    static Function<ActionContext, CompletionStage<ActionResult>> hang() {
        return c -> {
            CompletableFuture<ActionResult> f = new CompletableFuture<>();
            c.cancelled().thenRun(() -> f.completeExceptionally(new ActionFailure(ActionFailure.Type.Action, "stopped")));
            return f;
        };
    }

    static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    Validation validate(String yaml) {
        return engine.validator().validate("test.yaml", yaml);
    }

    Execution start(String yaml, Map<String, List<String>> parameters) {
        return engine.start(validate(yaml), parameters);
    }

    ExecutionRecord run(String yaml) {
        return run(yaml, Map.of());
    }

    ExecutionRecord run(String yaml, Map<String, List<String>> parameters) {
        return scheduler.await(start(yaml, parameters).result(), Duration.ofDays(40));
    }

    static StepRecord step(ExecutionRecord r, String name) {
        return r.steps().stream().filter(s -> s.stepName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + Json.pretty(r)));
    }

    @SuppressWarnings("unchecked")
    private Ec2AsyncClient fakeEc2() {
        return (Ec2AsyncClient) Proxy.newProxyInstance(Ec2AsyncClient.class.getClassLoader(), new Class<?>[]{Ec2AsyncClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("serviceName")) return "ec2";
                    if (method.getName().equals("describeInstances")) {
                        ec2Requests.add(args[0]);
                        var answer = software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse.builder()
                                .reservations(r -> r.instances(i -> i.instanceId("i-0123456789abcdef0")
                                        .state(s -> s.name("running").code(16)))).build();
                        return answerDelay.isZero() ? CompletableFuture.completedFuture(answer)
                                : scheduler.delay(answerDelay).thenApply(v -> answer);
                    }
                    if (method.getName().equals("terminateInstances")) {
                        return CompletableFuture.failedFuture(software.amazon.awssdk.services.ec2.model.Ec2Exception.builder()
                                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                                        .errorCode("UnauthorizedOperation").errorMessage("not allowed").build())
                                .message("not allowed").build());
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
