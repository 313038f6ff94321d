package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.time.RealScheduler;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudformation.CloudFormationAsyncClient;
import software.amazon.awssdk.services.cloudformation.model.CreateStackResponse;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The actions that run on AWS only: what they answer on the simulator, and how they behave against fake
 * CloudFormation/Lambda clients (virtual time), a local python3 and a loopback webhook receiver (real time).
 */
class AwsOnlyActionsTest {

    private final List<Object> requests = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private <C> C fake(Class<C> iface, Function<Object, Object> answer) {
        return (C) java.lang.reflect.Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[]{iface}, (p, m, args) -> {
            if (m.getName().equals("serviceName")) return iface.getSimpleName();
            requests.add(args[0]);
            return CompletableFuture.completedFuture(answer.apply(args[0]));
        });
    }

    private static Cloud cloud(VirtualScheduler scheduler, CloudFormationAsyncClient cfn, LambdaAsyncClient lambda) {
        return Cloud.builder().region("eu-west-1").scheduler(scheduler)
                .client(CloudFormationAsyncClient.class, cfn).client(LambdaAsyncClient.class, lambda).build();
    }

    private static World.Attempt run(VirtualScheduler scheduler, Cloud cloud, Action action, String yaml) {
        FakeContext ctx = new FakeContext(cloud, World.inputs(yaml), Duration.ofSeconds(3600), false);
        var start = scheduler.now();
        CompletableFuture<ActionResult> f = action.execute(ctx).toCompletableFuture();
        scheduler.runUntil(f::isDone, Duration.ofHours(2));
        Duration took = Duration.between(start, scheduler.now());
        Throwable t = catchThrowable(f::join);
        return t == null ? new World.Attempt(f.join(), null, ctx, took)
                : new World.Attempt(null, (ActionFailure) t.getCause(), ctx, took);
    }

    @Test
    void theSimulatorAnswersWhyEachCannotRun() {
        assertThat(CreateStack.DEFINITION.notRunnable(RunTarget.SIMULATOR)).hasValueSatisfying(r -> assertThat(r).contains("CloudFormation"));
        assertThat(DeleteStack.DEFINITION.notRunnable(RunTarget.SIMULATOR)).hasValueSatisfying(r -> assertThat(r).contains("CloudFormation"));
        for (ActionDefinition d : List.of(CreateImage.DEFINITION, CopyImage.DEFINITION, DeleteImage.DEFINITION)) {
            assertThat(d.notRunnable(RunTarget.SIMULATOR)).hasValueSatisfying(r -> assertThat(r).contains("does not model AMIs"));
            assertThat(d.notRunnable(RunTarget.AWS)).isEmpty();
        }
        assertThat(InvokeLambdaFunction.DEFINITION.notRunnable(RunTarget.SIMULATOR)).hasValueSatisfying(r -> assertThat(r).contains("Lambda"));
        assertThat(ExecuteScript.DEFINITION.notRunnable(RunTarget.SIMULATOR)).as("scripts reach the region on the wire").isEmpty();
        assertThat(ExecuteScript.DEFINITION.notRunnable(RunTarget.AWS)).isEmpty();
        assertThat(InvokeWebhook.DEFINITION.notRunnable(RunTarget.SIMULATOR)).as("loopback receivers are called").isEmpty();
        // on a simulated region without the service, a call says so rather than crash
        World world = new World();
        ActionFailure f = world.attempt(new CreateStack(), "StackName: s\nTemplateBody: '{}'\n", Duration.ofSeconds(60)).failed();
        assertThat(f.getMessage()).isEqualTo("cloudformation CreateStack: CloudFormation is not available on the simulated region");
    }

    @Test
    void createStackWaitsForCreateCompleteAndFailsOnRollback() {
        for (String end : List.of("CREATE_COMPLETE", "ROLLBACK_COMPLETE")) {
            Deque<String> statuses = new ArrayDeque<>(List.of("CREATE_IN_PROGRESS", "CREATE_IN_PROGRESS", end));
            VirtualScheduler scheduler = new VirtualScheduler();
            var cfn = fake(CloudFormationAsyncClient.class, r -> r instanceof software.amazon.awssdk.services
                    .cloudformation.model.CreateStackRequest
                    ? CreateStackResponse.builder().stackId("arn:aws:cloudformation:eu-west-1:123456789012:stack/web/1").build()
                    : DescribeStacksResponse.builder().stacks(Stack.builder().stackName("web")
                    .stackId("arn:aws:cloudformation:eu-west-1:123456789012:stack/web/1").stackStatus(statuses.size() > 1
                            ? statuses.poll() : statuses.peek())
                    .stackStatusReason(end.startsWith("ROLLBACK") ? "Resource creation cancelled" : null).build()).build());
            World.Attempt a = run(scheduler, cloud(scheduler, cfn, null), new CreateStack(), """
                    StackName: web
                    TemplateBody: '{"Resources": {}}'
                    Capabilities: [CAPABILITY_IAM]
                    """);
            assertThat(a.ctx().calls).startsWith("cloudformation CreateStack", "cloudformation DescribeStacks");
            if (end.equals("CREATE_COMPLETE")) {
                assertThat(a.output("StackStatus")).isEqualTo("CREATE_COMPLETE");
                assertThat(a.output("StackId")).endsWith("stack/web/1");
                assertThat(a.took()).isPositive();
            } else {
                assertThat(a.failed().getMessage()).isEqualTo("stack web is ROLLBACK_COMPLETE: Resource creation cancelled");
            }
        }
    }

    @Test
    void invokeLambdaSendsTheInputPayloadAsJsonAndDecodesTheAnswer() {
        VirtualScheduler scheduler = new VirtualScheduler();
        var lambda = fake(LambdaAsyncClient.class, r -> InvokeResponse.builder().statusCode(200)
                .payload(SdkBytes.fromUtf8String("{\"ok\":true}")).build());
        World.Attempt a = run(scheduler, cloud(scheduler, null, lambda), new InvokeLambdaFunction(), """
                FunctionName: patch-report
                InputPayload:
                  InstanceId: i-0123456789abcdef0
                """);
        assertThat(((InvokeRequest) requests.get(0)).payload().asUtf8String()).isEqualTo("{\"InstanceId\":\"i-0123456789abcdef0\"}");
        assertThat(a.output("StatusCode")).isEqualTo("200");
        assertThat(a.output("Payload")).isEqualTo("{\"ok\":true}");
        assertThat(a.ctx().calls).containsExactly("lambda Invoke");
    }

    private static boolean python3() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static ActionResult realTime(Action action, ObjectNode inputs) throws Exception {
        try (RealScheduler scheduler = new RealScheduler()) {
            Cloud cloud = Cloud.builder().region("eu-west-1").scheduler(scheduler).description("the simulated region").build();
            return action.execute(new FakeContext(cloud, inputs, Duration.ofSeconds(60), false)).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void executeScriptCallsTheHandlerWithTheInputPayload() throws Exception {
        assumeTrue(python3(), "python3 is not installed: aws:executeScript cannot be exercised here");
        ActionResult r = realTime(new ExecuteScript(), World.inputs("""
                Runtime: python3.11
                Handler: script_handler
                Script: |-
                  def script_handler(events, context):
                      print("checking", events["InstanceId"])
                      return {"Checked": events["InstanceId"], "Count": len(events["Tags"])}
                InputPayload:
                  InstanceId: i-0123456789abcdef0
                  Tags: [a, b]
                """));
        assertThat(r.outputs().get("Payload").toString()).isEqualTo("{\"Checked\":\"i-0123456789abcdef0\",\"Count\":2}");
        assertThat(r.outputs().get("OutputPayload").asText()).isEqualTo("{\"Payload\":{\"Checked\":\"i-0123456789abcdef0\",\"Count\":2}}");

        Throwable t = catchThrowable(() -> realTime(new ExecuteScript(), World.inputs("""
                Runtime: python3.11
                Handler: script_handler
                Script: |-
                  def script_handler(events, context):
                      raise ValueError("no such instance")
                """)));
        assertThat(t.getCause()).isInstanceOf(ActionFailure.class).hasMessage("the script failed: ValueError: no such instance");

        Throwable ps = catchThrowable(() -> realTime(new ExecuteScript(), World.inputs("Runtime: PowerShell 7.0\nScript: x\n")));
        assertThat(ps.getCause()).hasMessage("aws:executeScript input Runtime must be a python3.x runtime (fleetops runs "
                + "scripts with python3), got PowerShell 7.0");
    }

    @Test
    void invokeWebhookPostsToALoopbackReceiverOnTheSimulator(@TempDir Path dir) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> received = new ArrayList<>();
        server.createContext("/hook", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Team") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = "accepted".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Path file = dir.resolve("integrations.json");
            Files.writeString(file, """
                    {"webhook": {
                      "ops": {"url": "http://127.0.0.1:%d/hook", "headers": {"X-Team": "ops"}},
                      "slack": {"url": "https://hooks.slack.com/services/T000/B000/XXXX"}}}
                    """.formatted(server.getAddress().getPort()));
            InvokeWebhook action = new InvokeWebhook(() -> new WebhookIntegrations(file));
            World world = new World();

            World.Attempt a = world.attempt(action, "IntegrationName: ops\nBody: maintenance done\n", Duration.ofSeconds(60));
            assertThat(a.output("ResponseCode")).isEqualTo("202");
            assertThat(a.output("Response")).isEqualTo("accepted");
            assertThat(received).containsExactly("POST ops maintenance done");

            assertThat(world.attempt(action, "IntegrationName: slack\n", Duration.ofSeconds(60)).failed().getMessage())
                    .isEqualTo("aws:invokeWebhook is not runnable on the simulated region: integration slack points at "
                            + "hooks.slack.com, a real endpoint (only loopback receivers are called while time is simulated)");
            assertThat(world.attempt(action, "IntegrationName: pager\n", Duration.ofSeconds(60)).failed().getMessage())
                    .isEqualTo("aws:invokeWebhook: integration pager is not defined under \"webhook\" in " + file);
            int port = server.getAddress().getPort();
            server.stop(0);
            assertThat(world.attempt(action, "IntegrationName: ops\n", Duration.ofSeconds(60)).failed().getMessage())
                    .as("a receiver that is gone is named, not 'null'")
                    .isEqualTo("aws:invokeWebhook ops: cannot reach http://127.0.0.1:" + port + "/hook: connection refused");
        } finally {
            server.stop(0);
        }
    }
}
