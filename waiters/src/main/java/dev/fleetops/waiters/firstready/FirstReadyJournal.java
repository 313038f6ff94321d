package dev.fleetops.waiters.firstready;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.JournaledRun;
import dev.fleetops.journal.Recorded;
import dev.fleetops.json.Json;
import dev.fleetops.time.Scheduler;
import dev.fleetops.waiters.InstanceChecks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One first-ready wait's journal (kind {@code first-ready}, docs/first-ready.md, "Journaled"): started with the
 * group and the plan; the winner recorded as a result before anything is done to any instance; an intent before
 * the losers are terminated; the setup an execution of its own, a child (its SendCommand intent, the command id,
 * its end). What a recovered wait reads back: the winner (not chosen again), whether the losers were handled, and
 * the setup's command (followed, not sent again).
 */
final class FirstReadyJournal {

    static final String WINNER = "winner";
    static final String TERMINATE = "terminate-losers";
    static final String SETUP = "setup";

    /** The winner as recorded: {@code losers} are the others that were alive then. */
    record Winner(String instanceId, Instant knownAt, List<String> losers) { }

    private final JournaledRun run;

    private FirstReadyJournal(JournaledRun run) {
        this.run = run;
    }

    String executionId() {
        return run.executionId();
    }

    /** A new wait: a new execution id, its started entry durable before anything is called. */
    static CompletionStage<FirstReadyJournal> begin(FirstReady.Journaling j, FirstReady.Request request, Scheduler scheduler) {
        String id = UUID.randomUUID().toString();
        return JournaledRun.open(j.store(), id, j.owner(), j.gone(), scheduler).thenCompose(r -> {
            JournaledRun run = r.orElseThrow(() -> new IllegalStateException("new execution " + id + " is leased already"));
            return run.append(new Entry.Started(run.now(), ExecutionKind.FIRST_READY, request.group(), Optional.empty(),
                    parameters(request), Optional.empty())).thenApply(seq -> new FirstReadyJournal(run));
        });
    }

    /** An open wait taken over; empty while a live owner holds it. */
    static CompletionStage<Optional<FirstReadyJournal>> resume(FirstReady.Journaling j, String id, Scheduler scheduler) {
        return JournaledRun.open(j.store(), id, j.owner(), j.gone(), scheduler).thenApply(r -> r.map(FirstReadyJournal::new));
    }

    Optional<Winner> winner() {
        return result(run.history(), WINNER).map(o -> {
            List<String> losers = new ArrayList<>();
            o.path("Losers").forEach(n -> losers.add(n.asText()));
            return new Winner(o.path("InstanceId").asText(), Instant.parse(o.path("KnownAt").asText()), losers);
        });
    }

    /** Whether the losers' TerminateInstances has a successful result. */
    boolean losersTerminated() {
        return result(run.history(), TERMINATE).isPresent();
    }

    CompletionStage<Void> winnerChosen(Winner w) {
        ArrayNode losers = Json.MAPPER.createArrayNode();
        w.losers().forEach(losers::add);
        return run.append(new Entry.StepResult(run.now(), WINNER, 1, Status.Success, Map.of("InstanceId",
                TextNode.valueOf(w.instanceId()), "KnownAt", TextNode.valueOf(w.knownAt().toString()), "Losers", losers),
                Optional.empty())).thenApply(seq -> null);
    }

    CompletionStage<Void> aboutToTerminate(List<String> losers) {
        ArrayNode ids = Json.MAPPER.createArrayNode();
        losers.forEach(ids::add);
        return run.append(new Entry.StepIntent(run.now(), TERMINATE, 1, "ec2", "TerminateInstances",
                run.executionId() + ":" + TERMINATE, Json.object().set("InstanceIds", ids))).thenApply(seq -> null);
    }

    void terminated(Optional<String> error) {
        run.append(new Entry.StepResult(run.now(), TERMINATE, 1, error.isEmpty() ? Status.Success : Status.Failed,
                error.isEmpty() ? Map.of(TERMINATE, TextNode.valueOf("done")) : Map.of(), error));
    }

    /** The setup's own execution (a child), opened (and started when new). */
    CompletionStage<SetupRun> setup(FirstReady.Journaling j, Setup setup, String winner, Scheduler scheduler) {
        String id = UUID.nameUUIDFromBytes((executionId() + "/" + SETUP).getBytes(StandardCharsets.UTF_8)).toString();
        return JournaledRun.open(j.store(), id, j.owner(), j.gone(), scheduler).thenCompose(r -> {
            JournaledRun child = r.orElseThrow(() -> new IllegalStateException("setup execution " + id + " is leased by a live owner"));
            if (child.started().isPresent()) return CompletableFuture.completedFuture(new SetupRun(child));
            Map<String, List<String>> p = new LinkedHashMap<>(setup.parameters());
            p.put("InstanceIds", List.of(winner));
            return child.append(new Entry.Started(child.now(), ExecutionKind.RUNBOOK, setup.documentName(), Optional.empty(),
                    p, Optional.of(executionId()))).thenApply(seq -> new SetupRun(child));
        });
    }

    /** Ends the wait with the status its result maps to. */
    CompletionStage<Void> end(FirstReadyResult r) {
        Status s = switch (r.status()) {
            case READY -> Status.Success;
            case CANCELLED -> Status.Cancelled;
            default -> Status.Failed;
        };
        return run.end(s, r.ok() ? Optional.empty() : Optional.of(r.message()));
    }

    /** The setup's SendCommand: its intent, then the command id once sent, then how the command ended. */
    static final class SetupRun {
        private final JournaledRun run;

        SetupRun(JournaledRun run) {
            this.run = run;
        }

        /** The command a previous owner sent (recorded): followed, not sent again. */
        Optional<String> commandId() {
            return result(run.history(), SETUP).map(o -> o.path("CommandId").asText());
        }

        CompletionStage<Void> aboutToSend(JsonNode request) {
            return run.append(new Entry.StepIntent(run.now(), SETUP, 1, "ssm", "SendCommand", run.executionId() + ":" + SETUP,
                    request)).thenApply(seq -> null);
        }

        void sent(String commandId) {
            run.append(new Entry.StepResult(run.now(), SETUP, 1, Status.Success,
                    Map.of("CommandId", TextNode.valueOf(commandId)), Optional.empty()));
        }

        CompletionStage<Void> end(boolean succeeded, String message) {
            return run.end(succeeded ? Status.Success : Status.Failed, succeeded ? Optional.empty() : Optional.of(message));
        }
    }

    /** The request a started entry describes (its backoff is the default one, its trigger none). */
    static FirstReady.Request request(Entry.Started s) {
        Map<String, List<String>> p = s.parameters();
        Set<InstanceChecks.Check> checks = EnumSet.noneOf(InstanceChecks.Check.class);
        for (String c : p.getOrDefault("Checks", List.of())) checks.add(InstanceChecks.Check.valueOf(c));
        Setup setup = null;
        if (p.containsKey("SetupScript")) setup = new Setup.Script(p.get("SetupScript").get(0));
        else if (p.containsKey("SetupDocument")) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            JsonNode given;
            try {
                given = Json.parse(p.get("SetupParameters").get(0));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("execution parameters SetupParameters do not read as JSON", e);
            }
            given.fields().forEachRemaining(e -> {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                params.put(e.getKey(), values);
            });
            setup = new Setup.Document(p.get("SetupDocument").get(0), params);
        }
        return FirstReady.Request.of(s.runs(), Duration.parse(p.get("Timeout").get(0))).withChecks(checks).withSetup(setup)
                .withOnLosers(FirstReady.OnLosers.valueOf(p.get("OnLosers").get(0)))
                .withSetupTimeout(Duration.parse(p.get("SetupTimeout").get(0)));
    }

    static Map<String, List<String>> parameters(FirstReady.Request r) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("Group", List.of(r.group()));
        p.put("Timeout", List.of(r.timeout().toString()));
        p.put("Checks", r.checks().stream().map(Enum::name).sorted().toList());
        p.put("OnLosers", List.of(r.onLosers().name()));
        p.put("SetupTimeout", List.of(r.setupTimeout().toString()));
        if (r.setup() instanceof Setup.Script s) p.put("SetupScript", List.of(s.script()));
        else if (r.setup() != null) {
            p.put("SetupDocument", List.of(r.setup().documentName()));
            p.put("SetupParameters", List.of(Json.compact(r.setup().parameters())));
        }
        return p;
    }

    private static Optional<JsonNode> result(List<Recorded> history, String step) {
        for (Recorded r : history) {
            if (r.entry() instanceof Entry.StepResult s && s.step().equals(step) && s.status() == Status.Success) {
                return Optional.of(Json.MAPPER.valueToTree(s.outputs()));
            }
        }
        return Optional.empty();
    }
}
