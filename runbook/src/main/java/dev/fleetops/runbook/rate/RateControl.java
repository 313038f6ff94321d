package dev.fleetops.runbook.rate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.json.Json;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Rate-controlled runs of a runbook over many targets: SSM's StartAutomationExecution with Targets, and the
 * AUTOMATION tasks of maintenance windows. Depends on the engine only through {@link Children} (or the plainer
 * {@link RunbookRunner}), and is told nothing of journals: a {@link Listener} hears what a journal keeps.
 */
public final class RateControl {

    private final Scheduler scheduler;
    private final Children children;
    private final Supplier<String> ids;
    private final Listener listener;

    /** Children run by {@code runner} under ids of its own choosing; nothing is journaled. */
    public RateControl(Scheduler scheduler, RunbookRunner runner, Supplier<String> ids) {
        this(scheduler, (document, parameters, parentId, n) -> runner.run(document, parameters), ids, Listener.NONE);
    }

    /**
     * @param children starts the {@code n}th child (1-based, in target order) of a parent: the engine derives its id
     *                 from the parent's, so a recovered parent finds the children it had started
     * @param ids      execution ids for parent runs
     * @param listener told when a parent starts, when each child ends and when the parent ends (its journal)
     */
    public RateControl(Scheduler scheduler, Children children, Supplier<String> ids, Listener listener) {
        this.scheduler = scheduler;
        this.children = children;
        this.ids = ids;
        this.listener = listener;
    }

    /** Starts the {@code n}th child of parent {@code parentId}; completes with its final record. */
    @FunctionalInterface
    public interface Children {
        CompletionStage<ExecutionRecord> run(String document, Map<String, List<String>> parameters, String parentId, int n);
    }

    /** What a journal keeps of a parent run (all called on the scheduler's thread). */
    public interface Listener {
        Listener NONE = new Listener() { };

        /**
         * Parent {@code id} began {@code plan} (its {@link Plan#journaled()} parameters say what to resume), as a
         * part of execution {@code parentId} when it has one (a maintenance window's run).
         */
        default void started(String id, Plan plan, Optional<String> parentId) { }

        /** The child of one target ended (or could not start): its step of the parent record. */
        default void childEnded(String id, StepRecord step) { }

        default void ended(ExecutionRecord record) { }
    }

    /**
     * What to run on which targets.
     *
     * @param parameters          the parent's parameters, as shown in its record
     * @param targets             resolved target values, in the order children start
     * @param childParameters     each target's runtime parameters
     * @param targetsDescription  how the targets were asked for ({@code tag:Role=web}), for the record
     * @param entries             more of the plan for its journal, keyed {@code fleetops:NAME} (a TargetLocations
     *                            parent's roles and per-location targets)
     */
    public record Plan(String document, Map<String, List<String>> parameters, List<String> targets,
                       Function<String, Map<String, List<String>>> childParameters, RateLimits limits,
                       Optional<String> targetParameterName, String targetsDescription, Map<String, List<String>> entries) {
        /** Prefix of the plan's own entries among the journaled parameters: never an SSM parameter name. */
        static final String KEY = "fleetops:";
        /** How a TargetMaps plan's targets are described ({@link Targets.Maps#toString()}). */
        static final String MAPS = "TargetMaps";
        /** How a TargetLocations plan's targets are described ({@link TargetLocations#plan}). */
        static final String LOCATIONS = "TargetLocations";

        public Plan {
            targets = List.copyOf(targets);
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
            if (!entries.keySet().stream().allMatch(k -> k.startsWith(KEY))) {
                throw new IllegalArgumentException("a plan's entries are named " + KEY + "NAME: " + entries.keySet());
            }
        }

        public Plan(String document, Map<String, List<String>> parameters, List<String> targets,
                    Function<String, Map<String, List<String>>> childParameters, RateLimits limits,
                    Optional<String> targetParameterName, String targetsDescription) {
            this(document, parameters, targets, childParameters, limits, targetParameterName, targetsDescription, Map.of());
        }

        /**
         * The parameters a parent's journal starts with: its own, and the resolved targets and limits, so that a
         * recovered parent runs the same targets (not what a tag resolves to later) under the same limits.
         */
        public Map<String, List<String>> journaled() {
            Map<String, List<String>> out = new LinkedHashMap<>(parameters);
            out.put(KEY + "Targets", targets);
            out.put(KEY + "TargetsDescription", List.of(targetsDescription));
            out.put(KEY + "MaxConcurrency", List.of(limits.maxConcurrency()));
            out.put(KEY + "MaxErrors", List.of(limits.maxErrors()));
            targetParameterName.ifPresent(n -> out.put(KEY + "TargetParameterName", List.of(n)));
            if (targetParameterName.isEmpty() && targetsDescription.startsWith(MAPS)) out.put(KEY + "TargetMaps", List.of("true"));
            out.putAll(entries);
            return out;
        }

        /** True when journaled parameters are a TargetLocations parent's (its locations' clouds are the caller's to reach). */
        public static boolean isLocations(Map<String, List<String>> journaled) {
            return isParent(journaled) && journaled.getOrDefault(KEY + "TargetsDescription", List.of("")).get(0).startsWith(LOCATIONS);
        }

        /** True when journaled parameters are a rate-controlled parent's. */
        public static boolean isParent(Map<String, List<String>> journaled) {
            return journaled.containsKey(KEY + "Targets");
        }

        /**
         * The plan of a journaled parent whose children each get the parent's parameters and their target in the
         * target parameter ({@code fleetops run --targets}); empty for others (a window's task: its window rebuilds it).
         */
        public static Optional<Plan> fromJournal(String document, Map<String, List<String>> journaled) {
            boolean maps = journaled.containsKey(KEY + "TargetMaps");
            if (!isParent(journaled) || !journaled.containsKey(KEY + "TargetParameterName") && !maps) return Optional.empty();
            Map<String, List<String>> own = withoutPlan(journaled);
            Optional<String> parameter = maps ? Optional.empty() : Optional.of(journaled.get(KEY + "TargetParameterName").get(0));
            return Optional.of(new Plan(document, own, journaled.get(KEY + "Targets"),
                    parameter.map(p -> perTarget(own, p)).orElseGet(() -> perMap(own)),
                    new RateLimits(journaled.get(KEY + "MaxConcurrency").get(0), journaled.get(KEY + "MaxErrors").get(0)),
                    parameter, journaled.get(KEY + "TargetsDescription").get(0)));
        }

        /** The parent's own parameters, as its record shows them. */
        public static Map<String, List<String>> withoutPlan(Map<String, List<String>> journaled) {
            Map<String, List<String>> own = new LinkedHashMap<>(journaled);
            own.keySet().removeIf(k -> k.startsWith(KEY));
            return own;
        }
    }

    /** Starts the plan now; the children start on the scheduler. */
    public RateControlledRun start(Plan plan) {
        return start(plan, ids.get(), Optional.empty());
    }

    /** Starts the plan now as parent {@code id}, a part of execution {@code parentId} (a window's task). */
    public RateControlledRun start(Plan plan, String id, Optional<String> parentId) {
        RateControlledRun run = new RateControlledRun(scheduler, children, listener, plan, id, Optional.empty(), parentId);
        scheduler.schedule(Duration.ZERO, run::begin);
        return run;
    }

    /**
     * Runs on parent {@code id} that started at {@code start} (recovery): its journal has the started entry, so
     * none is written; children are started again in order under their ids, which resumes open ones and gives back
     * the records of ended ones, under the same limits.
     */
    public RateControlledRun resume(Plan plan, String id, Instant start) {
        RateControlledRun run = new RateControlledRun(scheduler, children, listener, plan, id, Optional.of(start), Optional.empty());
        scheduler.schedule(Duration.ZERO, run::begin);
        return run;
    }

    /**
     * {@code fleetops run DOC --targets ... --target-parameter-name ...}: resolves the targets (a tag through EC2),
     * then runs the document once per target with the target in the target parameter.
     */
    public CompletionStage<ExecutionRecord> run(RateControlRequest request, TargetResolver resolver) {
        return resolver.resolve(request.targets()).thenCompose(targets -> start(plan(request, targets)).record());
    }

    /** The plan of a request once its targets are resolved. */
    public static Plan plan(RateControlRequest request, List<String> targets) {
        if (request.targets() instanceof Targets.Maps) {
            return new Plan(request.document(), request.parameters(), targets, perMap(request.parameters()),
                    request.limits(), Optional.empty(), request.targets().toString());
        }
        return new Plan(request.document(), request.parameters(), targets,
                perTarget(request.parameters(), request.targetParameterName()), request.limits(),
                Optional.of(request.targetParameterName()), request.targets().toString());
    }

    /** A TargetMaps child: the parent's parameters and its map's (the target is the map's compact JSON). */
    private static Function<String, Map<String, List<String>>> perMap(Map<String, List<String>> parameters) {
        return target -> {
            Map<String, List<String>> p = new LinkedHashMap<>(parameters);
            JsonNode map;
            try {
                map = Json.parse(target);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a TargetMaps target is its map's JSON: " + target, e);
            }
            map.fields().forEachRemaining(e -> {
                List<String> values = new java.util.ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                p.put(e.getKey(), values);
            });
            return p;
        };
    }

    private static Function<String, Map<String, List<String>>> perTarget(Map<String, List<String>> parameters, String name) {
        return target -> {
            Map<String, List<String>> p = new LinkedHashMap<>(parameters);
            p.put(name, List.of(target));
            return p;
        };
    }
}
