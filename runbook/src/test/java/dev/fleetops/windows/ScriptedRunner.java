package dev.fleetops.windows;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A runbook engine stand-in for window tests: each document takes a set virtual time and ends as told. */
final class ScriptedRunner implements RunbookRunner {

    private final VirtualScheduler scheduler;
    private final Map<String, Duration> durations = new LinkedHashMap<>();
    private final Map<String, Status> outcomes = new LinkedHashMap<>();
    final List<String> log = new ArrayList<>();
    final List<Map<String, List<String>>> parameters = new ArrayList<>();
    private int n;

    ScriptedRunner(VirtualScheduler scheduler) {
        this.scheduler = scheduler;
    }

    ScriptedRunner takes(String document, Duration d) {
        durations.put(document, d);
        return this;
    }

    /** {@code key} is a document or "document target". */
    ScriptedRunner ends(String key, Status s) {
        outcomes.put(key, s);
        return this;
    }

    @Override
    public CompletionStage<ExecutionRecord> run(String document, Map<String, List<String>> params) {
        String target = params.getOrDefault("InstanceId", List.of("-")).get(0);
        parameters.add(params);
        log.add(clock() + " start " + document + " " + target);
        Instant start = scheduler.now();
        Status s = outcomes.getOrDefault(document + " " + target, outcomes.getOrDefault(document, Status.Success));
        CompletableFuture<ExecutionRecord> f = new CompletableFuture<>();
        String id = String.format("00000000-0000-4000-8000-%012d", ++n);
        scheduler.schedule(durations.getOrDefault(document, Duration.ofMinutes(10)), () -> {
            log.add(clock() + " end " + document + " " + target + " " + s);
            f.complete(new ExecutionRecord(id, "runbook", document, s, Optional.of(start), Optional.of(scheduler.now()),
                    params, Map.of(), s == Status.Success ? Optional.empty() : Optional.of("step X " + s), List.of(),
                    Optional.empty()));
        });
        return f;
    }

    private String clock() {
        long s = scheduler.elapsed().toSeconds();
        return String.format("%02d:%02d", s / 3600, (s / 60) % 60);
    }
}
