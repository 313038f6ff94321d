package dev.fleetops.sim.ec2;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.InstanceStatus;
import software.amazon.awssdk.services.ec2.model.RebootInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RebootInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.StartInstancesRequest;
import software.amazon.awssdk.services.ec2.model.StartInstancesResponse;
import software.amazon.awssdk.services.ec2.model.StopInstancesRequest;
import software.amazon.awssdk.services.ec2.model.StopInstancesResponse;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static software.amazon.awssdk.services.ec2.model.InstanceStateName.PENDING;
import static software.amazon.awssdk.services.ec2.model.InstanceStateName.RUNNING;
import static software.amazon.awssdk.services.ec2.model.InstanceStateName.STOPPED;
import static software.amazon.awssdk.services.ec2.model.InstanceStateName.STOPPING;

/**
 * The instance operations of the EC2 API: describe (ids, filters, pagination) and the state-changing calls, each
 * validated in full (ids, then states) before anything changes, as EC2 rejects a call as a whole.
 */
final class InstanceOps {

    static final int MAX_STATUS_IDS = 100;

    private final SimContext ctx;
    private final InstanceStore store;
    private final InstanceLifecycle lifecycle;

    InstanceOps(SimContext ctx, InstanceStore store, InstanceLifecycle lifecycle) {
        this.ctx = ctx;
        this.store = store;
        this.lifecycle = lifecycle;
    }

    DescribeInstancesResponse describeInstances(DescribeInstancesRequest r) {
        List<String> ids = ids(r.hasInstanceIds(), r.instanceIds());
        if (ids != null && r.maxResults() != null) {
            throw Ec2Errors.combination("The parameter instancesSet cannot be used with the parameter maxResults");
        }
        InstanceFilters filters = InstanceFilters.of(r.filters(), InstanceFilters.DESCRIBE_INSTANCES);
        int limit = Pages.limit(r.maxResults(), 5, 1000);
        List<SimInstance> page = new ArrayList<>();
        String next = select(ids, filters, limit, r.nextToken(), false, page);
        Map<String, List<Instance>> byReservation = new LinkedHashMap<>();
        for (SimInstance i : page) {
            byReservation.computeIfAbsent(i.reservationId, k -> new ArrayList<>()).add(i.described());
        }
        List<Reservation> reservations = new ArrayList<>(byReservation.size());
        byReservation.forEach((id, instances) -> reservations.add(Reservation.builder().reservationId(id)
                .ownerId(ctx.accountId()).groups(List.of()).instances(instances).build()));
        return DescribeInstancesResponse.builder().reservations(reservations).nextToken(next).build();
    }

    DescribeInstanceStatusResponse describeInstanceStatus(DescribeInstanceStatusRequest r) {
        List<String> ids = ids(r.hasInstanceIds(), r.instanceIds());
        if (ids != null && ids.size() > MAX_STATUS_IDS) {
            throw Ec2Errors.invalidValue("The maximum number of instance IDs that can be specified is "
                    + MAX_STATUS_IDS + ".");
        }
        if (ids != null && r.maxResults() != null) {
            throw Ec2Errors.combination("The parameter instancesSet cannot be used with the parameter maxResults");
        }
        InstanceFilters filters = InstanceFilters.of(r.filters(), InstanceFilters.DESCRIBE_STATUS);
        int limit = Pages.limit(r.maxResults(), 5, 1000);
        boolean all = Boolean.TRUE.equals(r.includeAllInstances());
        List<SimInstance> page = new ArrayList<>();
        String next = select(ids, filters, limit, r.nextToken(), !all, page);
        long now = ctx.scheduler().elapsedNanos();
        List<InstanceStatus> out = new ArrayList<>(page.size());
        for (SimInstance i : page) {
            out.add(StatusChecks.describe(i, now, ctx.scheduler().now().minusNanos(now - Math.max(0, i.checksDoneAt))));
        }
        return DescribeInstanceStatusResponse.builder().instanceStatuses(out).nextToken(next).build();
    }

    /**
     * Fills {@code page} with the matching instances: the named ones (unknown ids fail the call), or a page of
     * all in launch order. @return the next token, or null on the last page
     */
    private String select(List<String> ids, InstanceFilters filters, int limit, String token, boolean runningOnly,
                          List<SimInstance> page) {
        long now = ctx.scheduler().elapsedNanos();
        Collection<SimInstance> candidates = ids != null ? existing(ids) : store.from(Pages.position(token));
        for (SimInstance i : candidates) {
            if (runningOnly && !i.is(RUNNING)) continue;
            if (!filters.matches(i, now)) continue;
            if (page.size() == limit) return Pages.token(i.seq);
            page.add(i);
        }
        return null;
    }

    StartInstancesResponse start(StartInstancesRequest r) {
        List<SimInstance> targets = existing(r.instanceIds());
        for (SimInstance i : targets) {
            if (!i.is(STOPPED) && !i.is(PENDING) && !i.is(RUNNING)) throw Ec2Errors.incorrectState(i.id, "started");
        }
        return StartInstancesResponse.builder().startingInstances(apply(targets, (i, prev) -> {
            if (prev == STOPPED) lifecycle.start(i);
        })).build();
    }

    StopInstancesResponse stop(StopInstancesRequest r) {
        List<SimInstance> targets = existing(r.instanceIds());
        boolean force = Boolean.TRUE.equals(r.force());
        for (SimInstance i : targets) {
            if (Boolean.TRUE.equals(r.hibernate())) {
                throw Ec2Errors.error("UnsupportedHibernationConfiguration",
                        "The instance '" + i.id + "' does not have hibernation configured.");
            }
            if (i.gone() || i.is(PENDING)) throw Ec2Errors.incorrectState(i.id, "stopped");
            if (i.spot && i.interruptionBehavior.equals("terminate")) {
                throw Ec2Errors.error("UnsupportedOperation", "You can't stop the Spot Instance '" + i.id
                        + "' because it is associated with a one-time Spot Instance request. "
                        + "You can only stop Spot Instances associated with persistent Spot Instance requests.");
            }
        }
        return StopInstancesResponse.builder().stoppingInstances(apply(targets, (i, prev) -> {
            if (prev == RUNNING || (prev == STOPPING && force)) {
                lifecycle.stop(i, force, InstanceLifecycle.USER_SHUTDOWN, InstanceLifecycle.USER_SHUTDOWN_MESSAGE);
            }
        })).build();
    }

    RebootInstancesResponse reboot(RebootInstancesRequest r) {
        List<SimInstance> targets = existing(r.instanceIds());
        for (SimInstance i : targets) {
            // AWS ignores reboots of terminated instances
            if (!i.is(RUNNING) && !i.gone()) throw Ec2Errors.incorrectState(i.id, "rebooted");
        }
        for (SimInstance i : targets) lifecycle.reboot(i);
        return RebootInstancesResponse.builder().build();
    }

    TerminateInstancesResponse terminate(TerminateInstancesRequest r) {
        List<SimInstance> targets = existing(r.instanceIds());
        return TerminateInstancesResponse.builder().terminatingInstances(apply(targets, (i, prev) ->
                lifecycle.terminate(i, InstanceLifecycle.USER_SHUTDOWN, InstanceLifecycle.USER_SHUTDOWN_MESSAGE)))
                .build();
    }

    /** Acts on each instance and reports previous and current state. */
    private static List<InstanceStateChange> apply(List<SimInstance> targets,
                                                   BiConsumer<SimInstance, InstanceStateName> action) {
        List<InstanceStateChange> changes = new ArrayList<>(targets.size());
        for (SimInstance i : targets) {
            InstanceStateName previous = i.state;
            action.accept(i, previous);
            changes.add(Ec2Model.change(i, previous));
        }
        return changes;
    }

    /** The named instances, in request order without repeats; malformed or unknown ids fail the whole call. */
    List<SimInstance> existing(List<String> ids) {
        if (ids == null || ids.isEmpty()) throw Ec2Errors.missing("InstanceId");
        List<String> missing = new ArrayList<>();
        List<SimInstance> out = new ArrayList<>(ids.size());
        for (String id : new LinkedHashSet<>(ids)) {
            Ec2Errors.checkInstanceIdShape(id);
            SimInstance i = store.get(id);
            if (i == null) missing.add(id); else out.add(i);
        }
        if (!missing.isEmpty()) throw Ec2Errors.notFound(missing);
        return out;
    }

    private static List<String> ids(boolean has, List<String> ids) {
        return has && !ids.isEmpty() ? ids : null;
    }
}
