package dev.fleetops.runbook.rate;

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

/**
 * A runbook engine stand-in: each run takes virtual time and ends as the test says, per value of one parameter
 * (the target). Records every start and end, as "mm:ss target" from the scheduler's start.
 */
public final class FakeRunner implements RunbookRunner {

    public record Outcome(Duration takes, Status status) { }

    private final VirtualScheduler scheduler;
    private final String targetParameter;
    private final Duration defaultDuration;
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final Map<String, String> cannotStart = new LinkedHashMap<>();
    public final List<String> starts = new ArrayList<>();
    public final List<String> ends = new ArrayList<>();
    public final List<Map<String, List<String>>> parameters = new ArrayList<>();
    private int inFlight;
    public int maxInFlight;
    private int n;

    public FakeRunner(VirtualScheduler scheduler, String targetParameter, Duration defaultDuration) {
        this.scheduler = scheduler;
        this.targetParameter = targetParameter;
        this.defaultDuration = defaultDuration;
    }

    public FakeRunner fails(String target, Duration after) {
        outcomes.put(target, new Outcome(after, Status.Failed));
        return this;
    }

    public FakeRunner ends(String target, Duration after, Status status) {
        outcomes.put(target, new Outcome(after, status));
        return this;
    }

    public FakeRunner cannotStart(String target, String why) {
        cannotStart.put(target, why);
        return this;
    }

    @Override
    public CompletionStage<ExecutionRecord> run(String document, Map<String, List<String>> params) {
        String target = params.getOrDefault(targetParameter, List.of("?")).get(0);
        parameters.add(params);
        if (cannotStart.containsKey(target)) return CompletableFuture.failedFuture(new IllegalArgumentException(cannotStart.get(target)));
        Outcome o = outcomes.getOrDefault(target, new Outcome(defaultDuration, Status.Success));
        starts.add(clock() + " " + target);
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        Instant start = scheduler.now();
        String id = String.format("00000000-0000-4000-8000-%012d", ++n);
        CompletableFuture<ExecutionRecord> f = new CompletableFuture<>();
        scheduler.schedule(o.takes(), () -> {
            inFlight--;
            ends.add(clock() + " " + target + " " + o.status());
            f.complete(new ExecutionRecord(id, "runbook", document, o.status(), Optional.of(start),
                    Optional.of(scheduler.now()), params, Map.of(),
                    o.status() == Status.Success ? Optional.empty() : Optional.of("step Reboot " + o.status()),
                    List.of(), Optional.empty()));
        });
        return f;
    }

    private String clock() {
        long s = scheduler.elapsed().toSeconds();
        return String.format("%02d:%02d", s / 60, s % 60);
    }
}
