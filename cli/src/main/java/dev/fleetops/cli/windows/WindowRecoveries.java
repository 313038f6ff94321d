package dev.fleetops.cli.windows;

import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.session.Session;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.OpenExecution;
import dev.fleetops.runbook.engine.ExecutionIds;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.runbook.engine.Recovery;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.windows.MaintenanceWindow;
import dev.fleetops.windows.WindowJournal;
import dev.fleetops.windows.WindowRecovery;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code fleetops recover} does about the window runs ({@code window run}) the journal holds open: each is
 * taken up by {@link WindowRecovery} on an engine built as {@code window run} builds it (the task documents' folder,
 * or --docs), writing to the same journal.
 */
public final class WindowRecoveries {

    private WindowRecoveries() { }

    /** Recovers, prints one line per window run (or adds one object to {@code json}); says whether each ended well. */
    public static boolean recover(Session session, GlobalOptions g, Journal journal, Path docs, PrintWriter out,
                                  List<Map<String, Object>> json) {
        boolean ok = true;
        for (OpenExecution o : journal.open().toCompletableFuture().join()) { // the store's thread, not the simulation's
            if (o.started().kind() != ExecutionKind.WINDOW) continue;
            WindowRecovery.Outcome r;
            try {
                MaintenanceWindow w = WindowJournal.window(o.started());
                RunbookEngine engine = WindowRunCommand.engine(session, g, w, docs, journal);
                r = session.await(WindowRecovery.recover(journal, o, Owners.thisProcess(), session.cloud(), engine,
                        (plan, id, parent) -> Recovery.resumeParent(engine, plan, id, parent), ExecutionIds.random()::next),
                        Duration.ofDays(400));
            } catch (RuntimeException e) { // its window file no longer reads (or --docs is wrong): left open, named
                r = new WindowRecovery.Outcome(o.executionId(), o.started().runs(), List.of(),
                        java.util.Optional.of(String.valueOf(e.getMessage())), false);
            }
            ok &= r.succeeded();
            String status = r.skipped().isPresent() ? "Skipped" : r.succeeded() ? "Success" : "Failed";
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("ExecutionId", r.executionId());
            j.put("Kind", ExecutionKind.WINDOW.label());
            j.put("Window", r.window());
            j.put("Status", status);
            j.put("Occurrences", r.reports());
            r.skipped().ifPresent(s -> j.put("Skipped", s));
            json.add(j);
            if (!g.structured()) {
                out.println(r.executionId() + " window " + r.window() + ": " + status + ", " + r.reports().size()
                        + " occurrence(s) run" + r.skipped().map(s -> " (" + s + ")").orElse(""));
                for (int i = 0; i < r.reports().size(); i++) WindowText.print(out, i + 1, r.reports().get(i));
            }
        }
        return ok;
    }
}
