package dev.fleetops.cli.wait;

import dev.fleetops.cli.session.Session;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.OpenExecution;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.waiters.EventTrigger;
import dev.fleetops.waiters.firstready.FirstReady;
import dev.fleetops.waiters.firstready.FirstReadyResult;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What {@code fleetops recover} does about the executions of {@code wait first-ready} and of event handlers that the
 * journal holds open: first-ready waits are taken up ({@link FirstReady#recoverAll}); handler runs need their rules,
 * which only {@code serve}'s config has, so they are listed as left for {@code serve} (it continues them at
 * start-up).
 */
public final class FirstReadyRecovery {

    private FirstReadyRecovery() { }

    /**
     * Recovers, prints one line per execution (or adds one object to {@code json}), and says whether every one
     * ended well.
     */
    public static boolean recover(Session session, Journal journal, PrintWriter out, PrintWriter err, boolean asJson,
                                  List<Map<String, Object>> json) {
        boolean ok = true;
        FirstReady.Journaling journaling = new FirstReady.Journaling(journal, Owners.thisProcess(), Owners::deadOnThisHost);
        List<FirstReady.Recovered> waits = session.await(FirstReady.recoverAll(session.cloud(), new Random(),
                journaling, line -> err.println("first-ready: " + line), r -> session.simulated()
                        ? r.withTrigger(EventTrigger.eventBridge(session.region().context().bus()::subscribe)) : r),
                Duration.ofHours(3));
        for (FirstReady.Recovered w : waits) {
            String status = w.result().map(r -> r.status().name()).orElse("Skipped");
            ok &= w.result().map(FirstReadyResult::ok).orElse(false);
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("ExecutionId", w.executionId());
            j.put("Kind", ExecutionKind.FIRST_READY.label());
            j.put("AutoScalingGroupName", w.group());
            j.put("Status", status);
            w.result().ifPresent(r -> j.put("Message", r.message()));
            w.skipped().ifPresent(s -> j.put("Skipped", s));
            json.add(j);
            if (!asJson) {
                out.println(w.executionId() + " first-ready " + w.group() + ": " + status
                        + w.result().map(r -> ": " + r.message()).orElse("") + w.skipped().map(s -> " (" + s + ")").orElse(""));
            }
        }
        for (OpenExecution o : journal.open().toCompletableFuture().join()) { // the store's thread, not the simulation's
            if (o.started().kind() != ExecutionKind.HANDLER) continue;
            ok = false;
            String why = "left for fleetops serve, which continues handler runs at start-up (the rules are its config)";
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("ExecutionId", o.executionId());
            j.put("Kind", ExecutionKind.HANDLER.label());
            j.put("Handler", o.started().runs());
            j.put("Status", "Skipped");
            j.put("Skipped", why);
            json.add(j);
            if (!asJson) out.println(o.executionId() + " handler " + o.started().runs() + ": Skipped (" + why + ")");
        }
        return ok;
    }
}
