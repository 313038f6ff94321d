package dev.fleetops.runbook.document;

import dev.fleetops.source.InputError;
import dev.fleetops.source.Location;

/**
 * One mistake in a document: where (file:line:col), in which step (empty outside steps), which field (the dotted
 * path, e.g. {@code mainSteps[3].inputs.Api}) and what is wrong.
 */
public record DocumentError(Location location, String step, String field, String message) {

    public InputError toInputError() {
        return new InputError(location, field, step.isEmpty() ? message : "step " + step + ": " + message);
    }

    /** {@code file:line:col: step NAME: field: message}, the form the CLI prints. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder().append(location).append(": ");
        if (!step.isEmpty()) b.append("step ").append(step).append(": ");
        if (!field.isEmpty()) b.append(field).append(": ");
        return b.append(message).toString();
    }
}
