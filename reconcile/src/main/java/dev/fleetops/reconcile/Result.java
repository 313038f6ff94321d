package dev.fleetops.reconcile;

import java.util.List;

/**
 * What one check/apply concluded, with mgmt's meanings (mgmt's docs/resource-guide.md, engine/graph/actions.go):
 * <ul>
 *   <li>{@code ok && error == null}: already in the desired state, nothing done;</li>
 *   <li>{@code !ok && error == null}: the state was wrong and was fixed, or (noop) would be fixed;</li>
 *   <li>{@code !ok && error != null}: an error;</li>
 *   <li>{@code ok && error != null}: a programming error, which the engine rejects.</li>
 * </ul>
 *
 * @param changes what differed, and what was (or would be) done, one line each, e.g. "state: stopped -> running"
 */
public record Result(boolean ok, List<String> changes, Throwable error) {

    public Result {
        changes = List.copyOf(changes);
    }

    public static Result alreadyRight() {
        return new Result(true, List.of(), null);
    }

    /** Fixed (apply) or would fix (noop): the changes say which. */
    public static Result changed(List<String> changes) {
        return new Result(false, changes, null);
    }

    public static Result changed(String change) {
        return changed(List.of(change));
    }

    public static Result failed(Throwable error) {
        return new Result(false, List.of(), error);
    }

    public boolean programmingError() {
        return ok && error != null;
    }
}
