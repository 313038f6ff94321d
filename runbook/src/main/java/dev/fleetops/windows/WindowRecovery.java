package dev.fleetops.windows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.JournaledRun;
import dev.fleetops.journal.OpenExecution;
import dev.fleetops.journal.Recorded;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Takes up a window run ({@code fleetops window run}) a crash left open in the journal (docs/recovery.md): the
 * interrupted occurrence runs on with the targets it resolved (task invocations that ended are not run again, the
 * open AUTOMATION task's rate-controlled parent resumes with its children), then the window's schedule continues
 * from the last occurrence the journal holds until the run's --for horizon; then the run ends.
 */
public final class WindowRecovery {

    /** What became of one open window run: the occurrences run during the recovery, or why it was left alone. */
    public record Outcome(String executionId, String window, List<WindowExecution> reports, Optional<String> skipped,
                          boolean succeeded) { }

    private WindowRecovery() { }

    /**
     * @param runner   the engine for AUTOMATION tasks, writing to {@code store}
     * @param launcher the engine's {@code Recovery::resumeParent}
     */
    public static CompletionStage<Outcome> recover(Journal store, OpenExecution open, String owner, Cloud cloud,
                                                   RunbookRunner runner, WindowRunner.Launcher launcher, Supplier<String> ids) {
        Scheduler scheduler = cloud.scheduler();
        Entry.Started s = open.started();
        return JournaledRun.open(store, open.executionId(), owner, Owners::deadOnThisHost, scheduler).thenCompose(r -> {
            if (r.isEmpty()) return done(new Outcome(open.executionId(), s.runs(), List.of(), Optional.of("leased by a live owner"), false));
            JournaledRun run = r.get();
            MaintenanceWindow w;
            try {
                w = WindowJournal.window(s);
            } catch (RuntimeException e) {
                run.close();
                return done(new Outcome(open.executionId(), s.runs(), List.of(), Optional.of("its window file no longer reads: " + e.getMessage()), false));
            }
            State state = State.of(run.history());
            WindowJournal journal = new WindowJournal(run, state.notSuccess);
            WindowRunner windows = WindowRunner.on(cloud, runner, ids).journaled(journal, launcher, state.occurrences.size());
            Optional<Duration> horizon = Optional.ofNullable(s.parameters().get(WindowJournal.HORIZON)).map(h -> Duration.parse(h.get(0)));
            List<WindowExecution> reports = new ArrayList<>();
            CompletableFuture<Void> interrupted = new CompletableFuture<>();
            Optional<WindowRunner.Resumed> open1 = state.open();
            if (open1.isPresent()) {
                windows.resume(w, open1.get()).whenComplete((e, x) -> {
                    if (e != null) reports.add(e);
                    interrupted.complete(null);
                });
            } else {
                interrupted.complete(null);
            }
            return interrupted.thenCompose(v -> {
                boolean firstOnly = horizon.isEmpty();
                if (firstOnly && (open1.isPresent() || !state.occurrences.isEmpty())) return journal.end(reports);
                return onSchedule(scheduler, windows, w, s.at(), state.lastScheduled().orElse(s.at()), horizon, reports, journal);
            }).thenApply(v -> new Outcome(open.executionId(), s.runs(), List.copyOf(reports), Optional.empty(),
                    state.notSuccess.isEmpty() && reports.stream().allMatch(e -> e.status() == WindowStatus.SUCCESS)));
        });
    }

    /** The schedule from {@code after} on: to the horizon, or (none) until the first occurrence ends. */
    private static CompletionStage<Void> onSchedule(Scheduler scheduler, WindowRunner windows, MaintenanceWindow w, Instant created,
                                                    Instant after, Optional<Duration> horizon, List<WindowExecution> reports,
                                                    WindowJournal journal) {
        CompletableFuture<Void> until = new CompletableFuture<>();
        WindowSchedule schedule = new WindowSchedule(scheduler, windows, w, e -> {
            reports.add(e);
            if (horizon.isEmpty()) until.complete(null);
        });
        Optional<Instant> first = schedule.start(created, after);
        if (horizon.isPresent()) {
            Duration left = Duration.between(scheduler.now(), created.plus(horizon.get()));
            scheduler.schedule(left.isNegative() ? Duration.ZERO : left, () -> until.complete(null));
        } else if (first.isEmpty()) {
            until.complete(null);
        }
        return until.thenCompose(v -> {
            schedule.stop();
            if (schedule.running()) { // left open: the next recover finishes it
                journal.close();
                return CompletableFuture.completedFuture(null);
            }
            return journal.end(reports);
        });
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** What a window run's journal says of its occurrences. */
    private record State(TreeMap<Integer, Occ> occurrences, List<String> notSuccess) {

        static final class Occ {
            Instant scheduled;
            Instant start;
            List<String> targets = List.of();
            boolean ended;
            final Map<String, WindowExecution.Task> tasksEnded = new LinkedHashMap<>();
            final Set<String> tasksStarted = new HashSet<>();
        }

        static State of(List<Recorded> history) {
            TreeMap<Integer, Occ> occ = new TreeMap<>();
            List<String> notSuccess = new ArrayList<>();
            for (Recorded rec : history) {
                if (!(rec.entry() instanceof Entry.StepResult r) || !r.step().startsWith("occurrence ")) continue;
                String rest = r.step().substring("occurrence ".length());
                int slash = rest.indexOf('/');
                int n = Integer.parseInt(slash < 0 ? rest : rest.substring(0, slash));
                Occ o = occ.computeIfAbsent(n, k -> new Occ());
                Map<String, JsonNode> out = r.outputs();
                if (slash < 0 && !r.status().terminal()) {
                    o.scheduled = Instant.parse(out.get("ScheduledTime").asText());
                    o.start = Instant.parse(out.get("StartTime").asText());
                    List<String> t = new ArrayList<>();
                    out.get("Targets").forEach(x -> t.add(x.asText()));
                    o.targets = t;
                } else if (slash < 0) {
                    o.ended = true;
                    if (!"SUCCESS".equals(out.get("WindowStatus").asText())) {
                        notSuccess.add(out.get("WindowExecutionId").asText() + " " + out.get("WindowStatus").asText());
                    }
                } else if (!r.status().terminal()) {
                    o.tasksStarted.add(rest.substring(slash + 1));
                } else {
                    o.tasksEnded.put(rest.substring(slash + 1), ended(rest.substring(slash + 1), r));
                }
            }
            return new State(occ, notSuccess);
        }

        /** A task's journaled end, as the occurrence's report shows it (without the child records). */
        private static WindowExecution.Task ended(String name, Entry.StepResult r) {
            Map<String, JsonNode> out = r.outputs();
            return new WindowExecution.Task(out.get("TaskExecutionId").asText(), name, "", null, 0, "", "",
                    WindowStatus.valueOf(out.get("WindowStatus").asText()), r.error(),
                    Optional.ofNullable(out.get("StartTime")).map(x -> Instant.parse(x.asText())),
                    Optional.ofNullable(out.get("EndTime")).map(x -> Instant.parse(x.asText())), Optional.empty());
        }

        Optional<WindowRunner.Resumed> open() {
            if (occurrences.isEmpty()) return Optional.empty();
            var last = occurrences.lastEntry();
            Occ o = last.getValue();
            if (o.ended || o.start == null) return Optional.empty();
            return Optional.of(new WindowRunner.Resumed(last.getKey(), o.scheduled, o.start, o.targets, o.tasksEnded, o.tasksStarted));
        }

        Optional<Instant> lastScheduled() {
            return occurrences.values().stream().map(o -> o.scheduled).filter(java.util.Objects::nonNull).reduce((a, b) -> b);
        }
    }
}
