package dev.fleetops.sim.scenario;

import dev.fleetops.sim.scenario.Scenario.Group;
import dev.fleetops.sim.scenario.Scenario.HealthCheck;
import dev.fleetops.sim.scenario.Scenario.Instance;
import dev.fleetops.sim.scenario.Scenario.LaunchTemplate;
import dev.fleetops.sim.scenario.Scenario.LifecycleHook;
import dev.fleetops.sim.scenario.Scenario.Listener;
import dev.fleetops.sim.scenario.Scenario.LoadBalancer;
import dev.fleetops.sim.scenario.Scenario.TargetGroup;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.fleetops.sim.scenario.ScenarioFields.bool;
import static dev.fleetops.sim.scenario.ScenarioFields.integer;
import static dev.fleetops.sim.scenario.ScenarioFields.maps;
import static dev.fleetops.sim.scenario.ScenarioFields.name;
import static dev.fleetops.sim.scenario.ScenarioFields.oneOf;
import static dev.fleetops.sim.scenario.ScenarioFields.reference;
import static dev.fleetops.sim.scenario.ScenarioFields.references;
import static dev.fleetops.sim.scenario.ScenarioFields.seconds;
import static dev.fleetops.sim.scenario.ScenarioFields.string;

/**
 * Reads the compute and load-balancing sections of a scenario (launch templates, target groups, load balancers,
 * groups, standalone instances) with AWS's own limits, so a scenario fails here rather than half-way through
 * building the region.
 */
final class ResourceReader {

    static final Pattern TEMPLATE_NAME = Pattern.compile("[a-zA-Z0-9().\\-/_]{3,128}");
    static final Pattern ELB_NAME = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?");
    static final Pattern GROUP_NAME = Pattern.compile("[^:\\p{Cntrl}]+");
    static final Pattern HOOK_NAME = Pattern.compile("[A-Za-z0-9\\-_/]+");
    static final Pattern IMAGE_ID = Pattern.compile("ami-[0-9a-f]{8}(?:[0-9a-f]{9})?");
    static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9-]+");
    static final Pattern MATCHER = Pattern.compile("(\\d{3})(?:-(\\d{3}))?(?:,(\\d{3})(?:-(\\d{3}))?)*");
    static final String DEFAULT_IMAGE = "ami-0abcdef1234567890";
    static final int MAX_GROUP_SIZE = 100_000;

    private final String region;

    ResourceReader(String region) {
        this.region = region;
    }

    List<LaunchTemplate> launchTemplates(MapNode root) {
        Map<String, String> platformOfImage = new HashMap<>();
        return ScenarioFields.named(root, "launchTemplates", "launch template", m -> {
            m.allowOnly("name", "imageId", "instanceType", "platform", "spot", "userData", "tags");
            String name = name(m, "name", TEMPLATE_NAME, 128,
                    "3 to 128 letters, digits and ( ) . - / _");
            String image = m.get("imageId").map(n -> pattern(n, IMAGE_ID, "an AMI id such as ami-0abcdef1234567890"))
                    .orElse(DEFAULT_IMAGE);
            String type = m.get("instanceType").map(n -> pattern(n, INSTANCE_TYPE, "an instance type such as t3.micro"))
                    .orElse("t3.micro");
            String platform = oneOf(m, "platform", List.of("linux", "windows"), "linux");
            String other = platformOfImage.putIfAbsent(image, platform);
            if (other != null && !other.equals(platform)) {
                throw InputError.at(m.require("platform"), "image " + image + " is " + other
                        + " in an earlier launch template");
            }
            return new LaunchTemplate(name, image, type, platform, bool(m, "spot", false), m.optString("userData"),
                    ScenarioFields.stringMap(m, "tags"));
        });
    }

    List<TargetGroup> targetGroups(MapNode root) {
        return ScenarioFields.named(root, "targetGroups", "target group", m -> {
            m.allowOnly("name", "protocol", "port", "healthCheck", "deregistrationDelay");
            String name = elbName(m);
            String protocol = oneOf(m, "protocol", List.of("HTTP", "HTTPS"), "HTTP");
            int port = m.require("port").asScalar().asInt(1, 65535);
            HealthCheck hc = m.get("healthCheck").map(n -> healthCheck(n.asMap(), protocol)).orElse(
                    HealthCheck.defaults());
            Duration delay = seconds(m, "deregistrationDelay", Duration.ZERO, Duration.ofSeconds(3600),
                    Duration.ofSeconds(300));
            return new TargetGroup(name, protocol, port, hc, delay);
        });
    }

    private HealthCheck healthCheck(MapNode m, String protocol) {
        m.allowOnly("protocol", "path", "port", "interval", "timeout", "healthyThreshold", "unhealthyThreshold",
                "matcher");
        HealthCheck d = HealthCheck.defaults();
        String hcProtocol = oneOf(m, "protocol", List.of("HTTP", "HTTPS"), protocol);
        String path = string(m, "path", d.path());
        if (!path.startsWith("/") || path.length() > 1024) {
            throw InputError.at(m.require("path"), "expected a path starting with / of at most 1024 characters");
        }
        String port = m.get("port").map(n -> {
            ScalarNode s = n.asScalar();
            return s.text().equals("traffic-port") ? "traffic-port" : Integer.toString(s.asInt(1, 65535));
        }).orElse(d.port());
        Duration interval = seconds(m, "interval", Duration.ofSeconds(5), Duration.ofSeconds(300), d.interval());
        Duration timeout = seconds(m, "timeout", Duration.ofSeconds(2), Duration.ofSeconds(120), d.timeout());
        if (timeout.compareTo(interval) >= 0) {
            Node at = m.get("timeout").orElse(m.get("interval").orElse(m));
            throw InputError.at(at, "the health check timeout (" + ScenarioFields.show(timeout)
                    + ") must be shorter than its interval (" + ScenarioFields.show(interval) + ")");
        }
        int healthy = integer(m, "healthyThreshold", 2, 10, d.healthyThreshold());
        int unhealthy = integer(m, "unhealthyThreshold", 2, 10, d.unhealthyThreshold());
        String matcher = m.get("matcher").map(n -> matcher(n.asScalar())).orElse(d.matcher());
        return new HealthCheck(hcProtocol, path, port, interval, timeout, healthy, unhealthy, matcher);
    }

    /** HTTP codes for a successful check: "200", "200,302", "200-299", each from 200 to 499. */
    private static String matcher(ScalarNode n) {
        String v = n.asString().replace(" ", "");
        boolean ok = MATCHER.matcher(v).matches();
        if (ok) {
            for (String code : v.split("[,-]")) {
                int c = Integer.parseInt(code);
                ok &= c >= 200 && c <= 499;
            }
        }
        if (!ok) throw InputError.at(n, "expected HTTP codes from 200 to 499 such as 200, 200,302 or 200-299, got "
                + n.describe());
        return v;
    }

    List<LoadBalancer> loadBalancers(MapNode root, Set<String> targetGroups) {
        return ScenarioFields.named(root, "loadBalancers", "load balancer", m -> {
            m.allowOnly("name", "listeners");
            String name = elbName(m);
            if (name.startsWith("internal-")) {
                throw InputError.at(m.require("name"), "a load balancer name must not begin with 'internal-'");
            }
            List<Listener> listeners = new ArrayList<>();
            Set<Integer> ports = new HashSet<>();
            List<MapNode> items = maps(m, "listeners");
            if (items.isEmpty()) throw InputError.at(m.get("listeners").orElse(m), "a load balancer needs a listener");
            for (MapNode l : items) {
                l.allowOnly("port", "protocol", "targetGroup");
                ScalarNode portNode = l.require("port").asScalar();
                int port = portNode.asInt(1, 65535);
                if (!ports.add(port)) throw InputError.at(portNode, "a second listener on port " + port);
                String protocol = oneOf(l, "protocol", List.of("HTTP"), "HTTP");
                String tg = reference(l.require("targetGroup"), targetGroups, "target group");
                listeners.add(new Listener(port, protocol, tg));
            }
            return new LoadBalancer(name, listeners);
        });
    }

    List<Group> groups(MapNode root, Set<String> templates, Set<String> targetGroups) {
        return ScenarioFields.named(root, "groups", "group", m -> {
            m.allowOnly("name", "launchTemplate", "min", "max", "desired", "targetGroups", "availabilityZones",
                    "capacityRebalance", "healthCheckType", "healthCheckGracePeriod", "lifecycleHooks", "tags");
            String name = name(m, "name", GROUP_NAME, 255, "printable characters other than ':'");
            String template = reference(m.require("launchTemplate"), templates, "launch template");
            int min = m.require("min").asScalar().asInt(0, MAX_GROUP_SIZE);
            int max = m.require("max").asScalar().asInt(0, MAX_GROUP_SIZE);
            if (min > max) {
                throw InputError.at(m.require("min"), "min (" + min + ") is greater than max (" + max + ")");
            }
            int desired = min;
            if (m.get("desired").isPresent()) {
                ScalarNode d = m.require("desired").asScalar();
                desired = d.asInt(0, MAX_GROUP_SIZE);
                if (desired < min || desired > max) {
                    throw InputError.at(d, "desired (" + desired + ") must be from min (" + min + ") to max ("
                            + max + ")");
                }
            }
            List<String> tgs = references(m, "targetGroups", targetGroups, "target group");
            List<String> zones = zones(m);
            String hcType = oneOf(m, "healthCheckType", List.of("EC2", "ELB"), "EC2");
            Duration grace = seconds(m, "healthCheckGracePeriod", Duration.ZERO, Duration.ofDays(1), Duration.ZERO);
            List<LifecycleHook> hooks = ScenarioFields.named(m, "lifecycleHooks", "lifecycle hook", this::hook);
            return new Group(name, template, min, max, desired, tgs, zones, bool(m, "capacityRebalance", false),
                    hcType, grace, hooks, ScenarioFields.stringMap(m, "tags"));
        });
    }

    private LifecycleHook hook(MapNode m) {
        m.allowOnly("name", "transition", "heartbeatTimeout", "defaultResult");
        String name = name(m, "name", HOOK_NAME, 255, "letters, digits and - _ /");
        m.require("transition");
        String transition = oneOf(m, "transition", List.of("launching", "terminating"), "launching");
        Duration heartbeat = seconds(m, "heartbeatTimeout", Duration.ofSeconds(30), Duration.ofSeconds(7200),
                Duration.ofSeconds(3600));
        String result = oneOf(m, "defaultResult", List.of("CONTINUE", "ABANDON"), "ABANDON");
        return new LifecycleHook(name, transition.equals("launching") ? "autoscaling:EC2_INSTANCE_LAUNCHING"
                : "autoscaling:EC2_INSTANCE_TERMINATING", heartbeat, result);
    }

    List<Instance> instances(MapNode root, Set<String> templates, Set<String> targetGroups) {
        return ScenarioFields.named(root, "instances", "instance", m -> {
            m.allowOnly("name", "launchTemplate", "availabilityZone", "targetGroups", "tags");
            String name = name(m, "name", Pattern.compile(".+"), 256, "not empty");
            String template = reference(m.require("launchTemplate"), templates, "launch template");
            Optional<String> zone = m.get("availabilityZone").map(this::zone);
            return new Instance(name, template, zone, references(m, "targetGroups", targetGroups, "target group"),
                    ScenarioFields.stringMap(m, "tags"));
        });
    }

    private List<String> zones(MapNode m) {
        List<String> zones = new ArrayList<>();
        for (Node n : ScenarioFields.list(m, "availabilityZones")) {
            String z = zone(n);
            if (zones.contains(z)) throw InputError.at(n, "zone '" + z + "' is listed twice");
            zones.add(z);
        }
        return zones.isEmpty() ? List.of(region + "a", region + "b") : zones;
    }

    private String zone(Node n) {
        ScalarNode s = n.asScalar();
        String z = s.asString();
        if (!z.matches(Pattern.quote(region) + "[a-c]")) {
            throw InputError.at(s, "'" + z + "' is not an availability zone of the simulated " + region + " ("
                    + region + "a, " + region + "b, " + region + "c)");
        }
        return z;
    }

    private static String elbName(MapNode m) {
        return name(m, "name", ELB_NAME, 32, "letters, digits and hyphens, not starting or ending with a hyphen");
    }

    private static String pattern(Node n, Pattern p, String expected) {
        ScalarNode s = n.asScalar();
        if (!p.matcher(s.asString()).matches()) throw InputError.at(s, "expected " + expected + ", got " + s.describe());
        return s.asString();
    }
}
