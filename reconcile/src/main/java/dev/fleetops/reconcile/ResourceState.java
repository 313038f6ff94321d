package dev.fleetops.reconcile;

import java.util.List;

/**
 * One resource's record of a run.
 *
 * @param changes every change made (or, noop, that would be made), in order
 * @param errors  the errors of failed attempts, in order
 * @param checks  check/apply calls made
 */
public record ResourceState(String kind, String name, ResourceStatus status, List<String> changes,
                            List<String> errors, int checks) { }
