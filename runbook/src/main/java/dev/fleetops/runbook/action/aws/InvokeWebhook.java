package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;

/**
 * {@code aws:invokeWebhook} (UG invoke-webhook): sends {@code Body} (else the integration's payload) to the
 * integration {@code IntegrationName}, which fleetops reads from a local file ({@link WebhookIntegrations})
 * where AWS reads Parameter Store. Outputs {@code Response} (text) and {@code ResponseCode} (HTTP status). A real
 * HTTP request happens in real time, so on the simulated region only a loopback URL (a test receiver) is called;
 * any other fails the step saying why.
 */
final class InvokeWebhook implements Action {

    static final ActionDefinition DEFINITION = automation("aws:invokeWebhook").required("IntegrationName").optional("Body")
            .output("Response", STRING).output("ResponseCode", STRING)
            .permissions("ssm:GetParameter") // AWS reads the integration from Parameter Store
            .runs(InvokeWebhook::new).build();

    static final Duration LIMIT = Duration.ofSeconds(25);

    private final Supplier<WebhookIntegrations> integrations;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    InvokeWebhook() {
        this(WebhookIntegrations::fromEnvironment);
    }

    InvokeWebhook(Supplier<WebhookIntegrations> integrations) {
        this.integrations = integrations;
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }

    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        Inputs in = new Inputs(name(), ctx.inputs());
        String name = in.string("IntegrationName");
        WebhookIntegrations.Webhook hook = integrations.get().webhook(name);
        URI uri;
        try {
            uri = URI.create(hook.url());
        } catch (IllegalArgumentException e) {
            throw new ActionFailure(ActionFailure.Type.Action, "aws:invokeWebhook: integration " + name
                    + " has a malformed url: " + e.getMessage());
        }
        String body = in.optString("Body").or(hook::payload).orElse("");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(LIMIT)
                .method(hook.method(), HttpRequest.BodyPublishers.ofString(body));
        hook.headers().forEach(request::header);
        if (ctx.simulated()) {
            if (!loopback(uri)) {
                throw new ActionFailure(ActionFailure.Type.Action, "aws:invokeWebhook is not runnable on the "
                        + "simulated region: integration " + name + " points at " + uri.getHost()
                        + ", a real endpoint (only loopback receivers are called while time is simulated)");
            }
            // Loopback answers in milliseconds: a blocking call keeps the virtual clock's single thread in order.
            try {
                return CompletableFuture.completedFuture(result(http.send(request.build(), HttpResponse.BodyHandlers.ofString())));
            } catch (IOException e) {
                // a refused connection has no message of its own: name the receiver and what happened
                String what = e instanceof java.net.ConnectException ? "connection refused"
                        : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                throw new ActionFailure(ActionFailure.Type.Action, "aws:invokeWebhook " + name + ": cannot reach "
                        + uri + ": " + what);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ActionFailure(ActionFailure.Type.Internal, "interrupted");
            }
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> {
                    if (e != null) {
                        throw new ActionFailure(ActionFailure.Type.Action, "aws:invokeWebhook " + name + ": "
                                + ApiErrors.describe(e));
                    }
                    return result(r);
                });
    }

    private static ActionResult result(HttpResponse<String> r) {
        Map<String, JsonNode> outputs = new LinkedHashMap<>();
        outputs.put("Response", TextNode.valueOf(r.body()));
        outputs.put("ResponseCode", TextNode.valueOf(String.valueOf(r.statusCode())));
        return ActionResult.of(outputs);
    }

    private static boolean loopback(URI uri) {
        String host = uri.getHost();
        if (host == null) return false;
        if (host.equals("localhost")) return true;
        try {
            return (host.matches("[0-9.]+") || host.startsWith("[")) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
