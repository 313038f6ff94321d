package dev.fleetops.reconcile;

import dev.fleetops.source.InputError;
import dev.fleetops.source.Location;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The contract every kind implements (mgmt's Validate/Watch/CheckApply, mgmt's docs/resource-guide.md): small on purpose.
 * The engine guarantees: no check/apply before the watch said ready; one check/apply at a time per resource;
 * never a check/apply while the watch restarts.
 */
public interface Resource {

    String kind();

    /** Unique in the fleet. */
    String name();

    Meta meta();

    /** Where the resource is declared, for errors. */
    Location location();

    /** Resources this one needs besides its {@code requires:} (e.g. the instance a target registers). */
    default List<String> implicitRequires() {
        return List.of();
    }

    /** Cross-resource checks, given every resource of the fleet by name. */
    default List<InputError> validate(Map<String, Resource> fleet) {
        return List.of();
    }

    /**
     * Starts watching. Calls {@link WatchContext#ready()} once watching has really begun (not when asked to), then
     * {@link WatchContext#event(String)} whenever the resource may have changed (a spurious event is better than
     * a missed one), or {@link WatchContext#failed(Throwable)}.
     */
    Watch watch(WatchContext ctx);

    /**
     * Checks and, when {@code apply}, fixes; must converge within the call or fail. Completes with a
     * {@link Result}, or exceptionally for an error.
     */
    CompletionStage<Result> checkApply(boolean apply, ApplyContext ctx);
}
