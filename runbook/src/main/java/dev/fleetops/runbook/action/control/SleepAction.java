package dev.fleetops.runbook.action.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** aws:sleep: {@code Duration} (ISO-8601, non-negative) or {@code Timestamp} (a past one continues at once). */
public final class SleepAction implements Action {

    /** At most 604799 s (AWS Systems Manager User Guide: aws:sleep). */
    static final Duration MAX = Duration.ofSeconds(604_799);

    @Override
    public String name() {
        return "aws:sleep";
    }

    @Override
    public CompletionStage<ActionResult> execute(ActionContext context) {
        JsonNode duration = context.inputs().get("Duration");
        JsonNode timestamp = context.inputs().get("Timestamp");
        Duration d;
        try {
            if (duration != null && timestamp == null) {
                d = Duration.parse(duration.asText().trim());
                if (d.isNegative()) throw invalid("Duration must not be negative, got " + duration.asText());
            } else if (timestamp != null && duration == null) {
                d = Duration.between(context.scheduler().now(), instant(timestamp.asText().trim()));
                if (d.isNegative()) d = Duration.ZERO;
            } else {
                throw invalid("give exactly one of Duration (e.g. PT10M) or Timestamp (e.g. 2026-01-05T10:00:00Z)");
            }
        } catch (DateTimeParseException e) {
            throw invalid("not an ISO-8601 " + (duration != null ? "duration such as PT10M" : "timestamp such as 2026-01-05T10:00:00Z")
                    + ": " + e.getParsedString());
        }
        if (d.compareTo(MAX) > 0) throw invalid("a sleep lasts at most " + MAX.toSeconds() + " seconds, got " + d.toSeconds());
        CompletableFuture<Void> wait = context.scheduler().delay(d);
        context.cancelled().thenRun(() -> wait.cancel(false));
        return wait.thenApply(v -> ActionResult.empty());
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    private static ActionFailure invalid(String message) {
        return new ActionFailure(ActionFailure.Type.Verification, message);
    }
}
