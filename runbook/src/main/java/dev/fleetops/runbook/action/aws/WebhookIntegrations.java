package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.ActionFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where fleetops finds aws:invokeWebhook integrations. AWS keeps each one as a SecureString parameter
 * {@code /d9d01087-4a3f-49e0-b0b4-d568d7826553/ssm/integrations/webhook/NAME} holding JSON with
 * {@code url}, {@code headers}, {@code payload}, {@code description} (UG creating-webhook-integrations); fleetops
 * reads the same JSON per name from a local file instead, so no secret URL travels through a runbook:
 * <pre>{"webhook": {"NAME": {"url": "https://...", "method": "POST", "headers": {"K": "V"}, "payload": "..."}}}</pre>
 * The file is {@code $FLEETOPS_INTEGRATIONS}, else {@code ~/.fleetops/integrations.json}.
 */
public final class WebhookIntegrations {

    /** One webhook: where to send, how, and the default body when the step gives none. */
    public record Webhook(String url, String method, Map<String, String> headers, Optional<String> payload) { }

    private final Path file;

    public WebhookIntegrations(Path file) {
        this.file = file;
    }

    public static WebhookIntegrations fromEnvironment() {
        String env = System.getenv("FLEETOPS_INTEGRATIONS");
        return new WebhookIntegrations(env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".fleetops", "integrations.json"));
    }

    public Path file() {
        return file;
    }

    /** The integration {@code name}; a missing file, name or url fails the step saying where it looked. */
    public Webhook webhook(String name) {
        if (!Files.isRegularFile(file)) {
            throw missing("no integrations file " + file + " (set FLEETOPS_INTEGRATIONS or create it)");
        }
        JsonNode root;
        try {
            root = Json.parse(Files.readString(file));
        } catch (IOException e) {
            throw missing("cannot read integrations file " + file + ": " + e.getMessage());
        }
        JsonNode w = root.path("webhook").path(name);
        if (!w.isObject()) throw missing("integration " + name + " is not defined under \"webhook\" in " + file);
        String url = w.path("url").asText("");
        if (url.isEmpty()) throw missing("integration " + name + " in " + file + " has no url");
        Map<String, String> headers = new LinkedHashMap<>();
        w.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        return new Webhook(url, w.path("method").asText("POST"), headers,
                w.hasNonNull("payload") ? Optional.of(w.get("payload").asText()) : Optional.empty());
    }

    private static ActionFailure missing(String message) {
        return new ActionFailure(ActionFailure.Type.Action, "aws:invokeWebhook: " + message);
    }
}
