package dev.fleetops.handlers.lifecycle;

import dev.fleetops.events.spi.RunbookParameter;
import dev.fleetops.handlers.Settings;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the {@code lifecycle-hook} handler (docs/handlers.md).
 *
 * @param transitions       which lifecycle actions to handle: terminate, launch or both
 * @param deregister        on terminate: deregister from the group's target groups and wait for {@code unused}
 * @param drainTimeout      how long to wait for {@code unused} before giving up (ABANDON)
 * @param runbook           a runbook to run (after the drain on terminate; on launch, the only work)
 * @param runbookParameters runbook parameters: literals or JSONPath into the event ({@code $.detail.EC2InstanceId})
 * @param heartbeatInterval override of HeartbeatTimeout/2 (warned about when it is not below the timeout)
 * @param maxTime           give up (ABANDON) after this long, like lifecycle-manager's --max-time-to-process
 */
record LifecycleSettings(String transitions, boolean deregister, Duration drainTimeout, Optional<String> runbook,
                                Map<String, RunbookParameter> runbookParameters,
                                Optional<Duration> heartbeatInterval, Duration maxTime) {

    public static LifecycleSettings defaults() {
        return new LifecycleSettings("both", true, Duration.ofMinutes(15), Optional.empty(), Map.of(), Optional.empty(),
                Duration.ofHours(1));
    }

    public static LifecycleSettings read(MapNode m) {
        m.allowOnly("transitions", "deregister", "drain-timeout", "runbook", "runbook-parameters",
                "heartbeat-interval", "max-time");
        LifecycleSettings d = defaults();
        Optional<String> runbook = Settings.string(m, "runbook");
        Map<String, RunbookParameter> params = new LinkedHashMap<>();
        Optional<MapNode> pm = Settings.map(m, "runbook-parameters");
        if (pm.isPresent() && runbook.isEmpty()) {
            throw InputError.at(pm.get(), "runbook-parameters need a runbook");
        }
        pm.ifPresent(p -> p.list().forEach(e -> params.put(e.getKey(), RunbookParameter.read(e.getValue()))));
        return new LifecycleSettings(
                Settings.oneOf(m, "transitions", d.transitions(), "terminate", "launch", "both"),
                Settings.bool(m, "deregister", d.deregister()),
                Settings.duration(m, "drain-timeout", Duration.ZERO, Duration.ofHours(2), d.drainTimeout()),
                runbook, params,
                Settings.optDuration(m, "heartbeat-interval", Duration.ofSeconds(5), Duration.ofHours(2)),
                Settings.duration(m, "max-time", Duration.ofSeconds(30), Duration.ofHours(48), d.maxTime()));
    }
}
