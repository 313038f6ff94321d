package dev.fleetops.sim.events;

import software.amazon.awssdk.services.eventbridge.model.Target;

import java.util.LinkedHashMap;
import java.util.Map;

/** A rule on the default bus: its pattern, whether it is enabled, and its targets by id (insertion order). */
final class EventRule {

    final String name;
    final String arn;
    String pattern;
    boolean enabled;
    String description;
    final Map<String, Target> targets = new LinkedHashMap<>();

    EventRule(String name, String arn) {
        this.name = name;
        this.arn = arn;
    }
}
