package dev.fleetops.sim.ec2;

import java.util.Map;
import java.util.Optional;

/**
 * An instance launched on behalf of another service (an Auto Scaling group), from a launch template.
 *
 * @param launchTemplate   launch template id ({@code lt-...}) or name
 * @param availabilityZone zone to launch in; empty: the region's first zone
 * @param tags             tags to put on the instance at launch (e.g. {@code aws:autoscaling:groupName})
 * @param spot             overrides the template's market type when present
 */
public record LaunchRequest(String launchTemplate, Optional<String> availabilityZone, Map<String, String> tags,
                            Optional<Boolean> spot) { }
