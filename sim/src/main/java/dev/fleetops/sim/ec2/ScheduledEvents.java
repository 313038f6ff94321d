package dev.fleetops.sim.ec2;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.region.AwsEvents;
import dev.fleetops.sim.region.SimContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static software.amazon.awssdk.services.ec2.model.InstanceStateName.RUNNING;

/**
 * AWS Health scheduled changes for instances (Amazon EC2 User Guide: "Scheduled events for Amazon EC2
 * instances"; AWS Health User Guide: "AWS Health events in EventBridge"): at the planned time an
 * {@code aws.health} event of category {@code scheduledChange} names the instance and the change's
 * {@code startTime}; at that time the change happens to the instance if it is still running (a retirement or a
 * scheduled stop stops it, a reboot reboots it). An instance replaced before then is left alone.
 */
final class ScheduledEvents {

    static final String RETIREMENT_REASON = "Server.ScheduledStop";

    /** The Health event type of each DescribeInstanceStatus event code. */
    private static final Map<String, String> TYPE_CODES = Map.of(
            "instance-retirement", "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
            "instance-stop", "AWS_EC2_INSTANCE_STOP_SCHEDULED",
            "instance-reboot", "AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED",
            "system-reboot", "AWS_EC2_SYSTEM_REBOOT_MAINTENANCE_SCHEDULED");

    private final SimContext ctx;
    private final InstanceLifecycle lifecycle;

    ScheduledEvents(SimContext ctx, InstanceLifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
    }

    void schedulePlan(Function<FaultPlan.InstanceRef, Optional<SimInstance>> resolve) {
        for (FaultPlan.ScheduledEvent s : ctx.faults().scheduledEvents()) {
            Duration delay = s.at().minus(ctx.scheduler().elapsed());
            ctx.scheduler().schedule(delay, () -> {
                Optional<SimInstance> target = resolve.apply(s.instance());
                if (target.isEmpty() || !target.get().is(RUNNING)) {
                    ctx.log("health", String.valueOf(s.instance()), "scheduled " + s.code() + ": no such running instance");
                    return;
                }
                announce(target.get(), s);
            });
        }
    }

    private void announce(SimInstance i, FaultPlan.ScheduledEvent s) {
        Instant start = ctx.scheduler().now().plus(s.notice());
        ctx.bus().emit(AwsEvents.HEALTH, AwsEvents.HEALTH_EVENT, List.of(i.id),
                detail(i.id, TYPE_CODES.get(s.code()), start));
        if (ctx.timeline().recording()) ctx.log("health", i.id, "scheduled " + s.code() + " at " + start);
        int run = i.runs;
        ctx.scheduler().schedule(s.notice(), () -> {
            if (i.runs != run || !i.is(RUNNING)) return; // replaced, stopped or terminated meanwhile
            switch (s.code()) {
                case "instance-reboot", "system-reboot" -> lifecycle.reboot(i);
                default -> lifecycle.stop(i, false, RETIREMENT_REASON, RETIREMENT_REASON + ": scheduled " + s.code());
            }
        });
    }

    /** The event's detail as AWS Health sends it; times in RFC 1123, as Health does (not ISO-8601). */
    private ObjectNode detail(String instanceId, String typeCode, Instant start) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("eventArn", "arn:aws:health:" + ctx.region() + "::event/EC2/" + typeCode + "/" + typeCode + "_" + instanceId);
        d.put("service", "EC2");
        d.put("eventTypeCode", typeCode);
        d.put("eventTypeCategory", "scheduledChange");
        d.put("eventRegion", ctx.region());
        d.put("startTime", AwsEvents.rfc1123(start));
        d.put("endTime", AwsEvents.rfc1123(start.plus(Duration.ofHours(2))));
        d.put("statusCode", "upcoming");
        d.putArray("eventDescription").addObject().put("language", "en_US")
                .put("latestDescription", "EC2 has detected degradation of the underlying hardware hosting your instance "
                        + instanceId + ": scheduled " + typeCode + " after " + AwsEvents.rfc1123(start));
        d.putArray("affectedEntities").addObject().put("entityValue", instanceId);
        return d;
    }
}
