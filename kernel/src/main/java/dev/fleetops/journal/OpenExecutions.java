package dev.fleetops.journal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The open executions of a journal, and which of them a live owner holds: what start-up recovery may take and what
 * it leaves alone (docs/recovery.md, "Start-up recovery"). On a shared journal most open executions are other
 * replicas' live runs; reading and leasing each of them only to be refused would queue work in the store behind
 * the replicas' own, so recovery reads the leases once and takes up only the {@link #takeable()} ones.
 *
 * @param all  every open execution, oldest first (children included, so a caller can leave a child to its parent)
 * @param live the leases of open executions whose holder renews them and is not known to be dead, by execution id
 */
public record OpenExecutions(List<OpenExecution> all, Map<String, Lease> live) {

    public OpenExecutions {
        all = List.copyOf(all);
        live = Map.copyOf(live);
    }

    /**
     * Reads the live leases, then the open executions ({@code gone} says whether a holder's owner id names a
     * process known to be dead, whose lease is takeable at once). An execution that starts between the two reads
     * is listed as takeable; its lease acquisition then refuses it, as it would have without the list.
     */
    public static CompletionStage<OpenExecutions> read(Journal journal, Predicate<String> gone) {
        return journal.leases().held().thenCompose(held -> journal.open().thenApply(open -> {
            Map<String, Lease> live = held.stream().filter(l -> !gone.test(l.owner()))
                    .collect(Collectors.toMap(Lease::resource, Function.identity(), (a, b) -> a));
            live.keySet().retainAll(open.stream().map(OpenExecution::executionId).collect(Collectors.toSet()));
            return new OpenExecutions(open, live);
        }));
    }

    /** Open executions no live owner holds: never leased, released, expired, or held by a dead process. */
    public List<OpenExecution> takeable() {
        return all.stream().filter(o -> !live.containsKey(o.executionId())).toList();
    }

    /** The live owner of open execution {@code executionId}, when it has one. */
    public Optional<String> liveOwner(String executionId) {
        return Optional.ofNullable(live.get(executionId)).map(Lease::owner);
    }

    public boolean isOpen(String executionId) {
        return all.stream().anyMatch(o -> o.executionId().equals(executionId));
    }
}
