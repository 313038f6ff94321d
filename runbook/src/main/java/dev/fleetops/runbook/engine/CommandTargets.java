package dev.fleetops.runbook.engine;

import java.util.List;
import java.util.Map;

/**
 * Where a Command document runs: instance ids, or SendCommand Targets ({@code tag:KEY} = values,
 * {@code InstanceIds}, {@code resource-groups:Name}).
 */
public record CommandTargets(List<String> instanceIds, Map<String, List<String>> targets) {

    public CommandTargets {
        instanceIds = List.copyOf(instanceIds);
        targets = Map.copyOf(targets);
        if (instanceIds.isEmpty() == targets.isEmpty()) {
            throw new IllegalArgumentException("give either instance ids or targets");
        }
    }

    public static CommandTargets instances(List<String> ids) {
        return new CommandTargets(ids, Map.of());
    }

    public static CommandTargets tag(String key, List<String> values) {
        return new CommandTargets(List.of(), Map.of("tag:" + key, values));
    }
}
