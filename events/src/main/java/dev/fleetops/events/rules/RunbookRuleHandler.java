package dev.fleetops.events.rules;

import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.Recorder;
import dev.fleetops.events.spi.RunbookParameter;
import dev.fleetops.execution.Status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A rule's {@code runbook: DOC} with {@code parameters:}: each parameter is a literal or a JSONPath into the
 * event's EventBridge JSON ({@code $.detail.instance-id}); the runbook is started and its record kept. A path
 * that selects nothing fails the event (the runbook would run with a missing value otherwise).
 */
public final class RunbookRuleHandler implements Handler {

    private final String document;
    private final Map<String, RunbookParameter> parameters;

    public RunbookRuleHandler(String document, Map<String, RunbookParameter> parameters) {
        this.document = document;
        this.parameters = Map.copyOf(parameters);
    }

    @Override
    public String name() {
        return "runbook";
    }

    public String document() {
        return document;
    }

    @Override
    public CompletionStage<HandlerRecord> handle(Event event, HandlerContext context) {
        Recorder rec = context.recorder();
        Map<String, List<String>> values = new LinkedHashMap<>();
        var unresolved = RunbookParameter.resolve(new java.util.TreeMap<>(parameters), event.envelopeJson(), values);
        if (unresolved.isPresent()) return CompletableFuture.completedFuture(rec.failed(unresolved.get()));
        rec.note("runbook " + document + " with " + values);
        return context.runbook(1, document, values).handle((execution, error) -> {
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                return rec.failed("runbook " + document + " could not start: " + cause.getMessage());
            }
            rec.runbook(execution);
            rec.output("AutomationExecutionId", execution.id());
            return execution.status() == Status.Success ? rec.finish(Status.Success)
                    : rec.finish(Status.Failed, java.util.Optional.of("runbook " + document + " ended " + execution.status()
                    + execution.failureMessage().map(m -> ": " + m).orElse("")));
        });
    }
}
