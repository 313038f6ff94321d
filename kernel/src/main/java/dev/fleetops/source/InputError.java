package dev.fleetops.source;

import java.util.List;

/**
 * A mistake in something a user gave us (a file, a flag, an event). Carries where it is and what was expected;
 * the CLI prints {@link #getMessage()} and exits 2, never a stack trace.
 */
public final class InputError extends RuntimeException {

    private final Location location;
    private final String field;
    private final String problem;

    public InputError(Location location, String field, String problem) {
        super(format(location, field, problem), null, false, false);
        this.location = location;
        this.field = field;
        this.problem = problem;
    }

    public static InputError at(Node node, String problem) {
        return new InputError(node.location(), node.path(), problem);
    }

    public Location location() {
        return location;
    }

    /** Dotted path of the field, e.g. {@code groups[0].desired}; empty for the whole file. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }

    private static String format(Location location, String field, String problem) {
        StringBuilder b = new StringBuilder();
        if (location != null) b.append(location).append(": ");
        if (field != null && !field.isEmpty()) b.append(field).append(": ");
        return b.append(problem).toString();
    }

    /** Several errors found in one pass (validation reports all of them, not only the first). */
    public static final class Many extends RuntimeException {
        private final List<InputError> errors;

        public Many(List<InputError> errors) {
            super(errors.size() == 1 ? errors.get(0).getMessage()
                    : errors.size() + " errors:\n  " + String.join("\n  ", errors.stream().map(Throwable::getMessage).toList()),
                    null, false, false);
            this.errors = List.copyOf(errors);
        }

        public List<InputError> errors() {
            return errors;
        }
    }
}
