package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * An attempt re-entered after a restart. A wait (a property, a sleep, an approval, a child automation, a command)
 * ends when it would have without the restart: it keeps the deadline it had when it began, and an aws:sleep of a
 * {@code Duration} sleeps until the attempt's first start plus that duration (its {@code Timestamp} form, AWS
 * Systems Manager User Guide: aws:sleep). Any other step was cut short by the crash rather than slow: its call
 * goes out again with a fresh timeout.
 */
final class Resumption {

    static final Set<String> WAITS = Set.of("aws:waitForAwsResourceProperty", "aws:sleep", "aws:approve", "aws:pause",
            "aws:executeAutomation", "aws:runCommand");

    private Resumption() { }

    /** Whether a re-entered attempt of {@code action} keeps its first deadline. */
    static boolean keepsDeadline(String action) {
        return WAITS.contains(action);
    }

    static ObjectNode inputs(String action, ObjectNode inputs, Instant begun) {
        if (!action.equals("aws:sleep") || !inputs.has("Duration") || inputs.has("Timestamp")) return inputs;
        Duration d;
        try {
            d = Duration.parse(inputs.get("Duration").asText().trim());
        } catch (DateTimeParseException e) {
            return inputs; // the action reports the bad value
        }
        if (d.isNegative()) return inputs;
        ObjectNode out = inputs.deepCopy();
        out.remove("Duration");
        out.put("Timestamp", begun.plus(d).toString());
        return out;
    }
}
