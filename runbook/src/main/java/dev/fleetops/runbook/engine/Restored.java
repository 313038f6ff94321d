package dev.fleetops.runbook.engine;

import dev.fleetops.journal.Entry;
import dev.fleetops.journal.Recorded;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the journal says an interrupted execution already did: the results of its steps in the order they ended
 * (a step that ran several times, in a loop or after a jump back, has several), and the steps whose calls were
 * sent without a result. A resumed run takes each step's results in turn instead of running it again.
 */
final class Restored {

    static final Restored NONE = new Restored(Map.of(), Set.of(), Map.of(), Map.of(), false);

    private final Map<String, Deque<Entry.StepResult>> results;
    private final Set<String> interrupted;
    private final Map<String, Entry.AttemptStarted> unfinished;
    /** The first intent journaled under each call token. */
    private final Map<String, Instant> intents;
    final boolean ended;

    private Restored(Map<String, Deque<Entry.StepResult>> results, Set<String> interrupted,
                     Map<String, Entry.AttemptStarted> unfinished, Map<String, Instant> intents, boolean ended) {
        this.results = results;
        this.interrupted = interrupted;
        this.unfinished = unfinished;
        this.intents = intents;
        this.ended = ended;
    }

    static Restored of(List<Recorded> history) {
        Map<String, Deque<Entry.StepResult>> results = new HashMap<>();
        Set<String> interrupted = new HashSet<>();
        Map<String, Entry.AttemptStarted> unfinished = new HashMap<>();
        Map<String, Instant> intents = new HashMap<>();
        boolean ended = false;
        for (Recorded r : history) {
            if (r.entry() instanceof Entry.StepIntent i) {
                interrupted.add(i.step());
                intents.putIfAbsent(i.token(), i.at());
            } else if (r.entry() instanceof Entry.AttemptStarted a) unfinished.put(a.step(), a);
            else if (r.entry() instanceof Entry.StepResult s) {
                interrupted.remove(s.step());
                unfinished.remove(s.step());
                results.computeIfAbsent(s.step(), k -> new ArrayDeque<>()).add(s);
            } else if (r.entry() instanceof Entry.Ended) ended = true;
        }
        return new Restored(results, interrupted, unfinished, intents, ended);
    }

    /** The next recorded result of {@code step}, consumed. */
    synchronized Optional<Entry.StepResult> take(String step) {
        Deque<Entry.StepResult> q = results.get(step);
        return q == null ? Optional.empty() : Optional.ofNullable(q.poll());
    }

    /**
     * The attempt of {@code step} that began and did not end before the run stopped, consumed: the step runs again
     * from that attempt against its deadline.
     */
    synchronized Optional<Entry.AttemptStarted> unfinished(String step) {
        return unfinished.isEmpty() ? Optional.empty() : Optional.ofNullable(unfinished.remove(step));
    }

    /** The step had sent a call and not ended when the run stopped: it runs again, knowing so. */
    boolean interrupted(String step) {
        return interrupted.contains(step);
    }

    /** When a call with {@code token} was about to be sent before the restart (it may have taken effect). */
    Optional<Instant> intentJournaled(String token) {
        return Optional.ofNullable(intents.get(token));
    }

    boolean any() {
        return this != NONE;
    }
}
