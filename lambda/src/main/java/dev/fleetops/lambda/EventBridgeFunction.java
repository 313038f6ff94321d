package dev.fleetops.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Handler {@code dev.fleetops.lambda.EventBridgeFunction::handleRequest}: the target of an EventBridge rule.
 * The event arrives as its own JSON (read as bytes, so every shape the classifier knows is accepted). Returns a
 * summary with the handler records. A handler failure fails the invocation, so Lambda's asynchronous retries
 * (and the function's on-failure destination) take over; an unparsable event is logged and not retried.
 */
public final class EventBridgeFunction implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String body = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        MessageFate outcome = FleetopsFunction.get().handle("eventbridge", body);
        ObjectNode summary = Summaries.of(outcome);
        if (outcome.disposition() == MessageFate.Disposition.RETRY) {
            throw new HandlerFailed(summary.toString());
        }
        output.write(Json.compact(summary).getBytes(StandardCharsets.UTF_8));
    }

    /** The invocation failed because a handler did: Lambda retries the event. */
    public static final class HandlerFailed extends RuntimeException {
        HandlerFailed(String summary) {
            super("a handler failed; the event will be retried: " + summary);
        }
    }

    static boolean failed(HandlerRecord r) {
        return !r.done();
    }
}
