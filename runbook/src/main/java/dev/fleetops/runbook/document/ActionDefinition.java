package dev.fleetops.runbook.document;

import dev.fleetops.runbook.action.Action;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Everything fleetops knows of one Automation action, in one place: its inputs (required and optional, from the
 * action's page in the AWS Systems Manager User Guide, "Systems Manager Automation actions reference"), built-in
 * outputs, default {@code timeoutSeconds}, the IAM actions a step needs, its action-specific checks, whether the
 * cancel path may run it, where it runs (with the reason where not) and how it executes. The validator, the
 * engine's registry, {@code fleetops iam} and "can this run here" all read it. Definitions are found with
 * {@link java.util.ServiceLoader} through {@link ActionDefinitions}.
 *
 * @param inputs        FIXED: only the listed inputs; API: Service/Api plus the API's members (checked against the
 *                      API catalog); OPEN: inputs not checked (undocumented actions seen in AWS-owned documents)
 * @param notRunnableOn why it does not run on a target (absent: it runs there)
 * @param onCancelPath  whether an {@code onCancel: step:X} may lead to a step of this action
 * @param factory       the implementation; empty for actions fleetops recognises but runs nowhere
 */
public record ActionDefinition(String name, Inputs inputs, Set<String> required, Set<String> optional,
                               Map<String, ParameterType> outputs, int defaultTimeoutSeconds,
                               Map<RunTarget, String> notRunnableOn, boolean onCancelPath, List<InputCheck> checks,
                               Permissions permissions, Optional<Supplier<? extends Action>> factory) {

    /** The timeout of actions whose page gives none (User Guide: "Running a simple automation", timeoutSeconds). */
    public static final int DEFAULT_TIMEOUT_SECONDS = 3600;

    public enum Inputs { FIXED, API, OPEN }

    /** The IAM actions one step of this action needs, and what a reader of the policy should know. */
    @FunctionalInterface
    public interface Permissions {

        /** @param documents the names of the documents the policy covers (a child among them needs no note) */
        Needed of(Step step, Set<String> documents);

        /** @param notes facts about the step, without the step's name (the policy prefixes it) */
        record Needed(List<String> actions, List<String> notes) {
            public Needed {
                actions = List.copyOf(actions);
                notes = List.copyOf(notes);
            }
        }

        static Permissions none() {
            return (s, d) -> new Needed(List.of(), List.of());
        }

        static Permissions always(String... actions) {
            return (s, d) -> new Needed(List.of(actions), List.of());
        }
    }

    public ActionDefinition {
        required = Set.copyOf(required);
        optional = Set.copyOf(optional);
        outputs = Map.copyOf(outputs);
        notRunnableOn = Map.copyOf(notRunnableOn);
        checks = List.copyOf(checks);
    }

    public static Builder automation(String name) {
        return new Builder(name);
    }

    /** Why this action cannot run on {@code target}, if so: the one answer validate and run both give. */
    public Optional<String> notRunnable(RunTarget target) {
        return Optional.ofNullable(notRunnableOn.get(target));
    }

    public boolean accepts(String input) {
        return required.contains(input) || optional.contains(input);
    }

    /** Every input name, sorted. */
    public Set<String> all() {
        Set<String> s = new TreeSet<>(required);
        s.addAll(optional);
        return s;
    }

    /** A new instance of the implementation; empty when fleetops does not run this action. */
    public Optional<Action> newAction() {
        return factory.map(Supplier::get);
    }

    public static final class Builder {
        private final String name;
        private Inputs inputs = Inputs.FIXED;
        private final Set<String> required = new TreeSet<>();
        private final Set<String> optional = new TreeSet<>();
        private final Map<String, ParameterType> outputs = new LinkedHashMap<>();
        private int timeout = DEFAULT_TIMEOUT_SECONDS;
        private final Map<RunTarget, String> notRunnableOn = new EnumMap<>(RunTarget.class);
        private boolean onCancelPath = true;
        private final List<InputCheck> checks = new ArrayList<>();
        private Permissions permissions = Permissions.none();
        private Supplier<? extends Action> factory;

        private Builder(String name) {
            this.name = name;
        }

        public Builder required(String... names) { required.addAll(List.of(names)); return this; }

        public Builder optional(String... names) { optional.addAll(List.of(names)); return this; }

        /** Service and Api, then the members of the API (checked against the API catalog). */
        public Builder apiInputs(String... more) { inputs = Inputs.API; return required("Service", "Api").required(more); }

        /** Inputs not checked (undocumented actions). */
        public Builder openInputs() { inputs = Inputs.OPEN; return this; }

        public Builder output(String output, ParameterType type) { outputs.put(output, type); return this; }

        public Builder timeoutSeconds(int seconds) { timeout = seconds; return this; }

        public Builder notOn(RunTarget target, String reason) { notRunnableOn.put(target, reason); return this; }

        /** The cancel path ({@code onCancel: step:X}) may not run this action (User Guide: onCancel property). */
        public Builder notOnCancelPath() { onCancelPath = false; return this; }

        public Builder check(InputCheck check) { checks.add(check); return this; }

        public Builder permissions(Permissions p) { permissions = p; return this; }

        public Builder permissions(String... actions) { return permissions(Permissions.always(actions)); }

        public Builder runs(Supplier<? extends Action> f) { factory = f; return this; }

        /** Recognised (documents using it are not invalid) but not run anywhere, for {@code reason}. */
        public Builder runsNowhere(String reason) {
            factory = null;
            for (RunTarget t : RunTarget.values()) notRunnableOn.put(t, reason);
            return this;
        }

        public ActionDefinition build() {
            if (factory == null && notRunnableOn.size() < RunTarget.values().length) {
                throw new IllegalStateException(name + ": an action without an implementation must say why (runsNowhere)");
            }
            return new ActionDefinition(name, inputs, required, optional, outputs, timeout, notRunnableOn, onCancelPath,
                    checks, permissions, Optional.ofNullable(factory));
        }
    }
}
