package dev.fleetops.handlers.spot;

import dev.fleetops.handlers.Settings;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;

import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the {@code spot-interruption} handler (docs/handlers.md).
 *
 * @param minInService     InService instances the group must keep after the detach (seed 003: 2); 0 disables the guard
 * @param includeStandby   also detach Standby members (Clouddriver does; Standby serves no traffic)
 * @param detachMargin     time kept before the interruption for DetachInstances: the replacement wait ends this
 *                         much before the deadline
 * @param replacementPoll  how often the replacement wait polls DescribeAutoScalingGroups
 * @param proactive        act on the rebalance recommendation too (scale out, wait, detach) with no 2-minute clock
 * @param proactiveWait    how long a proactive detach waits for the replacement; default 110 s, because the
 *                         recommendation can arrive together with the 2-minute warning (Amazon EC2 User Guide:
 *                         "EC2 instance rebalance recommendations")
 *                         and then this run is the one that must detach in time
 * @param drainTimeout     how long to follow the target's draining after the detach
 * @param tagDetached      tag the detached instance {@code tagKey=<detach time>}
 * @param terminateAfter   terminate a detached instance still alive this long after the detach (a cost leak)
 */
public record SpotSettings(int minInService, boolean includeStandby, Duration detachMargin, Duration replacementPoll,
                           boolean proactive, Duration proactiveWait, Duration drainTimeout, boolean tagDetached,
                           String tagKey, Optional<Duration> terminateAfter) {

    public static final String DEFAULT_TAG = "fleetops:detached";

    public static SpotSettings defaults() {
        return new SpotSettings(2, true, Duration.ofSeconds(10), Duration.ofSeconds(5), false, Duration.ofSeconds(110),
                Duration.ofMinutes(10), false, DEFAULT_TAG, Optional.empty());
    }

    public static SpotSettings read(MapNode m) {
        m.allowOnly("min-in-service", "include-standby", "detach-margin", "replacement-poll", "proactive",
                "proactive-wait", "drain-timeout", "tag-detached", "tag-key", "terminate-after");
        SpotSettings d = defaults();
        boolean tag = Settings.bool(m, "tag-detached", false);
        Optional<Duration> terminateAfter = Settings.optDuration(m, "terminate-after", Duration.ofMinutes(1),
                Duration.ofDays(7));
        if (terminateAfter.isPresent() && !tag) {
            throw InputError.at(m.require("terminate-after"), "terminate-after needs tag-detached: true (the tag is "
                    + "how a later sweep finds detached instances)");
        }
        return new SpotSettings(
                Settings.integer(m, "min-in-service", 0, 10_000, d.minInService()),
                Settings.bool(m, "include-standby", d.includeStandby()),
                Settings.duration(m, "detach-margin", Duration.ZERO, Duration.ofSeconds(60), d.detachMargin()),
                Settings.duration(m, "replacement-poll", Duration.ofSeconds(1), Duration.ofSeconds(60), d.replacementPoll()),
                Settings.bool(m, "proactive", d.proactive()),
                Settings.duration(m, "proactive-wait", Duration.ofSeconds(10), Duration.ofHours(1), d.proactiveWait()),
                Settings.duration(m, "drain-timeout", Duration.ZERO, Duration.ofHours(2), d.drainTimeout()),
                tag,
                Settings.string(m, "tag-key").orElse(d.tagKey()),
                terminateAfter);
    }
}
