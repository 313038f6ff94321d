package dev.fleetops.handlers.health;

import dev.fleetops.events.spi.RunbookParameter;
import dev.fleetops.handlers.Settings;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settings of the {@code scheduled-change} handler (docs/handlers.md).
 *
 * @param eventTypes         the Health event type codes acted on; empty: every EC2 scheduled change
 * @param runbook            a runbook run once per affected instance instead of the replacement
 * @param instanceParameter  the runbook parameter that receives the instance id
 * @param runbookParameters  further runbook parameters: literals or JSONPath into the event
 * @param margin             the replacement wait ends this long before the scheduled start
 * @param replacementTimeout the longest wait for the replacement to be InService and healthy
 * @param replacementPoll    how often that wait polls
 * @param drainTimeout       how long to follow the retiring instance's draining
 */
record ScheduledChangeSettings(Set<String> eventTypes, Optional<String> runbook, String instanceParameter,
                               Map<String, RunbookParameter> runbookParameters, Duration margin,
                               Duration replacementTimeout, Duration replacementPoll, Duration drainTimeout) {

    static ScheduledChangeSettings defaults() {
        return new ScheduledChangeSettings(Set.of(), Optional.empty(), "InstanceId", Map.of(), Duration.ofMinutes(5),
                Duration.ofMinutes(20), Duration.ofSeconds(10), Duration.ofMinutes(15));
    }

    static ScheduledChangeSettings read(MapNode m) {
        m.allowOnly("event-types", "runbook", "instance-parameter", "runbook-parameters", "margin",
                "replacement-timeout", "replacement-poll", "drain-timeout");
        ScheduledChangeSettings d = defaults();
        Set<String> types = new LinkedHashSet<>();
        Optional<Node> listed = m.get("event-types");
        if (listed.isPresent()) {
            for (Node n : listed.get().asList().items()) {
                String code = n.asScalar().asString();
                if (!code.startsWith("AWS_EC2_")) {
                    throw InputError.at(n, "expected an EC2 Health event type code (AWS_EC2_..., e.g. "
                            + "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED), got " + code);
                }
                types.add(code);
            }
        }
        Optional<String> runbook = Settings.string(m, "runbook");
        Optional<MapNode> pm = Settings.map(m, "runbook-parameters");
        if (pm.isPresent() && runbook.isEmpty()) throw InputError.at(pm.get(), "runbook-parameters need a runbook");
        if (runbook.isEmpty() && m.get("instance-parameter").isPresent()) {
            throw InputError.at(m.require("instance-parameter"), "instance-parameter needs a runbook");
        }
        Map<String, RunbookParameter> params = new LinkedHashMap<>();
        pm.ifPresent(p -> p.list().forEach(e -> params.put(e.getKey(), RunbookParameter.read(e.getValue()))));
        return new ScheduledChangeSettings(types, runbook, Settings.string(m, "instance-parameter").orElse(d.instanceParameter()),
                params,
                Settings.duration(m, "margin", Duration.ZERO, Duration.ofDays(7), d.margin()),
                Settings.duration(m, "replacement-timeout", Duration.ofMinutes(1), Duration.ofDays(2), d.replacementTimeout()),
                Settings.duration(m, "replacement-poll", Duration.ofSeconds(1), Duration.ofMinutes(5), d.replacementPoll()),
                Settings.duration(m, "drain-timeout", Duration.ZERO, Duration.ofHours(2), d.drainTimeout()));
    }
}
