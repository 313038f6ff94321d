package dev.fleetops.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.JournaledRun;
import dev.fleetops.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A maintenance window's run ({@code fleetops window run}) as an execution of its own (kind {@code window},
 * docs/maintenance-windows.md "Journaled"): started with the window file's content and the --for horizon; a
 * {@code result} when each occurrence and each of its task invocations starts (InProgress) and ends; ended when the
 * run does. Its AUTOMATION tasks' rate-controlled parents are children under ids derived from its id.
 */
public final class WindowJournal {

    /** Keys of the started entry's parameters: never SSM parameter names. */
    static final String CONTENT = "fleetops:Window";
    static final String FILE = "fleetops:WindowFile";
    static final String DIR = "fleetops:WindowDir";
    static final String HORIZON = "fleetops:For";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final JournaledRun run;
    private final List<String> notSuccessBefore;

    WindowJournal(JournaledRun run, List<String> notSuccessBefore) {
        this.run = run;
        this.notSuccessBefore = List.copyOf(notSuccessBefore);
    }

    /**
     * Writes the started entry of a new window run in {@code run} (leased, empty): the window file's text, its
     * folder (task document paths are relative to it) and the horizon (empty: until the first occurrence ends).
     */
    public static CompletionStage<WindowJournal> start(JournaledRun run, String windowName, String file, String content,
                                                       String dir, Optional<Duration> horizon) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put(CONTENT, List.of(content));
        p.put(FILE, List.of(file));
        p.put(DIR, List.of(dir));
        horizon.ifPresent(h -> p.put(HORIZON, List.of(h.toString())));
        return run.append(new Entry.Started(run.now(), ExecutionKind.WINDOW, windowName, Optional.of(sha256(content)), p,
                Optional.empty())).thenApply(seq -> new WindowJournal(run, List.of()));
    }

    /** Leases new window run {@code id} to {@code owner} and writes its started entry (see {@link #start}). */
    public static CompletionStage<WindowJournal> begin(dev.fleetops.journal.Journal store, String id, String owner,
                                                       dev.fleetops.time.Scheduler scheduler, String windowName, String file,
                                                       String content, String dir, Optional<Duration> horizon) {
        return JournaledRun.open(store, id, owner, o -> false, scheduler).thenCompose(r -> start(r.orElseThrow(() ->
                new IllegalStateException("window run " + id + " is leased by another owner")), windowName, file, content, dir, horizon));
    }

    /** The window a journaled run's started entry holds (an {@code InputError} if it no longer reads). */
    public static MaintenanceWindow window(Entry.Started started) {
        return WindowReader.parse(started.parameters().get(FILE).get(0), started.parameters().get(CONTENT).get(0),
                java.nio.file.Path.of(started.parameters().get(DIR).get(0)));
    }

    public String executionId() {
        return run.executionId();
    }

    /** Step name of occurrence {@code n} (1-based, in the order they fired). */
    static String occurrenceStep(int n) {
        return "occurrence " + n;
    }

    static String taskStep(int n, String task) {
        return occurrenceStep(n) + "/" + task;
    }

    void occurrenceStarted(int n, Instant scheduled, Instant start, List<String> targets) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put("ScheduledTime", F.textNode(scheduled.toString()));
        out.put("StartTime", F.textNode(start.toString()));
        out.put("Targets", Json.tree(targets));
        append(occurrenceStep(n), Status.InProgress, out, Optional.empty());
    }

    void taskStarted(int n, WindowTask task, String taskExecutionId) {
        append(taskStep(n, task.name()), Status.InProgress, Map.of("TaskExecutionId", F.textNode(taskExecutionId)), Optional.empty());
    }

    void taskEnded(int n, WindowExecution.Task t) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put("TaskExecutionId", F.textNode(t.taskExecutionId()));
        out.put("WindowStatus", F.textNode(t.status().name()));
        t.startTime().ifPresent(s -> out.put("StartTime", F.textNode(s.toString())));
        t.endTime().ifPresent(s -> out.put("EndTime", F.textNode(s.toString())));
        append(taskStep(n, t.name()), status(t.status()), out, t.statusDetails());
    }

    void occurrenceEnded(int n, WindowExecution e) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put("WindowStatus", F.textNode(e.status().name()));
        out.put("WindowExecutionId", F.textNode(e.windowExecutionId()));
        append(occurrenceStep(n), status(e.status()), out, e.statusDetails());
    }

    /** The run ended: Success when every occurrence it reported was SUCCESS. Gives the lease up. */
    public CompletionStage<Void> end(List<WindowExecution> reports) {
        List<String> failed = new java.util.ArrayList<>(notSuccessBefore);
        reports.stream().filter(e -> e.status() != WindowStatus.SUCCESS).forEach(e -> failed.add(e.windowExecutionId() + " " + e.status()));
        return run.end(failed.isEmpty() ? Status.Success : Status.Failed,
                failed.isEmpty() ? Optional.empty() : Optional.of("occurrence(s) not SUCCESS: " + String.join(", ", failed)));
    }

    /** Gives the lease up without ending (the run stops early; recover takes it up). */
    public void close() {
        run.close();
    }

    static Status status(WindowStatus s) {
        return switch (s) {
            case SUCCESS -> Status.Success;
            case TIMED_OUT -> Status.TimedOut;
            case CANCELLED, SKIPPED_OVERLAPPING -> Status.Cancelled;
            default -> Status.Failed;
        };
    }

    private void append(String step, Status status, Map<String, JsonNode> outputs, Optional<String> error) {
        run.append(new Entry.StepResult(run.now(), step, 1, status, outputs, error));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
