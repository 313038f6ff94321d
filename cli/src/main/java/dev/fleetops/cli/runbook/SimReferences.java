package dev.fleetops.cli.runbook;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.session.Session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter values that name simulator resources by role, since their ids change with the seed:
 * {@code @instance:GROUP:N} (the N-th InService instance of a group, in the order DescribeAutoScalingGroups lists
 * them) and {@code @target-group:NAME} (its ARN). Resolved through the SDK, before the run starts.
 */
final class SimReferences {

    private SimReferences() { }

    static Map<String, List<String>> resolve(Session session, Map<String, List<String>> params) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        params.forEach((name, values) -> {
            List<String> resolved = new ArrayList<>();
            for (String v : values) resolved.add(v.startsWith("@") ? resolve(session, name, v) : v);
            out.put(name, resolved);
        });
        return out;
    }

    static String resolve(Session session, String param, String ref) {
        if (!session.simulated()) {
            throw new UsageError(where(param) + ref + ": @ references name simulator resources; on AWS give the id");
        }
        String[] parts = ref.substring(1).split(":");
        var cloud = session.cloud();
        if (parts.length == 3 && parts[0].equals("instance")) {
            int index;
            try {
                index = Integer.parseInt(parts[2]);
            } catch (NumberFormatException e) {
                throw new UsageError(where(param) + ref + ": the instance index must be a number");
            }
            var groups = session.await(cloud.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames(parts[1])),
                    Duration.ofMinutes(1)).autoScalingGroups();
            if (groups.isEmpty()) throw new UsageError(where(param) + ref + ": no Auto Scaling group " + parts[1]);
            List<String> ids = groups.get(0).instances().stream()
                    .filter(i -> "InService".equals(i.lifecycleStateAsString())).map(i -> i.instanceId()).toList();
            if (index < 0 || index >= ids.size()) {
                throw new UsageError(where(param) + ref + ": group " + parts[1] + " has " + ids.size()
                        + " InService instances (index 0 to " + (ids.size() - 1) + ")");
            }
            return ids.get(index);
        }
        if (parts.length == 2 && parts[0].equals("target-group")) {
            try {
                return session.await(cloud.elbv2().describeTargetGroups(b -> b.names(parts[1])), Duration.ofMinutes(1))
                        .targetGroups().get(0).targetGroupArn();
            } catch (RuntimeException e) {
                throw new UsageError(where(param) + ref + ": no target group " + parts[1]);
            }
        }
        throw new UsageError(where(param) + ref + ": expected @instance:GROUP:N or @target-group:NAME");
    }

    /** How the user wrote it: {@code -p NAME=} or a flag such as {@code --targets }. */
    private static String where(String param) {
        return param.startsWith("--") ? param + " " : "-p " + param + "=";
    }
}
