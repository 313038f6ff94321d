package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.TargetRegistry;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupRequest;
import software.amazon.awssdk.services.autoscaling.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.fleetops.sim.autoscaling.AsgErrors.required;
import static dev.fleetops.sim.autoscaling.AsgErrors.validation;

/**
 * CreateAutoScalingGroup and UpdateAutoScalingGroup as AWS validates them (ASAPI): sizes, launch template, zones
 * or subnets, health check settings, target groups (resolved through ELBv2), tags.
 *
 * <p>Subnets: the simulated EC2 has no subnet model, so the i-th subnet of VPCZoneIdentifier stands for the
 * region's i-th zone ({@code us-east-1a}, {@code us-east-1b}, ...).
 */
final class GroupSpecs {

    private static final Set<String> HEALTH_CHECK_TYPES = Set.of("EC2", "ELB");

    private GroupSpecs() { }

    static void applyCreate(SimGroup g, CreateAutoScalingGroupRequest r, String region, TargetRegistry targets) {
        required(r.minSize(), "minSize");
        required(r.maxSize(), "maxSize");
        if (r.launchConfigurationName() != null || r.instanceId() != null || r.mixedInstancesPolicy() != null) {
            throw validation("The simulated region models groups with a LaunchTemplate only.");
        }
        if (r.launchTemplate() == null) {
            throw validation("Valid requests must contain either LaunchTemplate, LaunchConfigurationName, InstanceId "
                    + "or MixedInstancesPolicy parameter.");
        }
        g.launchTemplate = launchTemplate(r.launchTemplate());
        int desired = r.desiredCapacity() == null ? r.minSize() : r.desiredCapacity();
        sizes(r.minSize(), r.maxSize(), desired);
        g.minSize = r.minSize();
        g.maxSize = r.maxSize();
        g.desired = desired;
        zones(g, r.vpcZoneIdentifier(), r.availabilityZones(), region, true);
        g.healthCheckType = healthCheckType(r.healthCheckType() == null ? "EC2" : r.healthCheckType());
        g.healthCheckGracePeriod = nonNegative(r.healthCheckGracePeriod(), 0, "healthCheckGracePeriod");
        g.defaultCooldown = nonNegative(r.defaultCooldown(), 300, "defaultCooldown");
        g.capacityRebalance = Boolean.TRUE.equals(r.capacityRebalance());
        g.newInstancesProtectedFromScaleIn = Boolean.TRUE.equals(r.newInstancesProtectedFromScaleIn());
        g.targetGroupArns = targetGroups(r.targetGroupARNs(), targets);
        for (Tag t : r.tags()) {
            required(t.key(), "tags.member.key");
            g.tags.put(t.key(), TagDescription.builder().resourceId(g.name).resourceType("auto-scaling-group")
                    .key(t.key()).value(t.value() == null ? "" : t.value())
                    .propagateAtLaunch(Boolean.TRUE.equals(t.propagateAtLaunch())).build());
        }
    }

    /**
     * Applies the members given. As AWS documents: a new MinSize above the current desired capacity raises it, a
     * new MaxSize below it lowers it, unless DesiredCapacity is given too.
     * @return whether the desired capacity changed
     */
    static boolean applyUpdate(SimGroup g, UpdateAutoScalingGroupRequest r, String region) {
        int min = r.minSize() == null ? g.minSize : r.minSize();
        int max = r.maxSize() == null ? g.maxSize : r.maxSize();
        int desired = g.desired;
        if (r.desiredCapacity() != null) desired = r.desiredCapacity();
        else if (r.minSize() != null && min > desired) desired = min;
        else if (r.maxSize() != null && max < desired) desired = max;
        sizes(min, max, desired);
        if (r.launchConfigurationName() != null || r.mixedInstancesPolicy() != null) {
            throw validation("The simulated region models groups with a LaunchTemplate only.");
        }
        LaunchTemplateSpecification lt = r.launchTemplate() == null ? g.launchTemplate : launchTemplate(r.launchTemplate());
        String type = r.healthCheckType() == null ? g.healthCheckType : healthCheckType(r.healthCheckType());
        int grace = nonNegative(r.healthCheckGracePeriod(), g.healthCheckGracePeriod, "healthCheckGracePeriod");
        int cooldown = nonNegative(r.defaultCooldown(), g.defaultCooldown, "defaultCooldown");
        if (r.vpcZoneIdentifier() != null || r.hasAvailabilityZones()) {
            zones(g, r.vpcZoneIdentifier(), r.availabilityZones(), region, false);
        }
        boolean changed = desired != g.desired;
        g.minSize = min;
        g.maxSize = max;
        g.desired = desired;
        g.launchTemplate = lt;
        g.healthCheckType = type;
        g.healthCheckGracePeriod = grace;
        g.defaultCooldown = cooldown;
        if (r.capacityRebalance() != null) g.capacityRebalance = r.capacityRebalance();
        if (r.newInstancesProtectedFromScaleIn() != null) {
            g.newInstancesProtectedFromScaleIn = r.newInstancesProtectedFromScaleIn();
        }
        return changed;
    }

    /** AWS's wording for a desired capacity outside [min, max]. */
    static void sizes(int min, int max, int desired) {
        if (min < 0 || max < 0 || desired < 0) throw validation("Sizes must be non-negative.");
        if (min > max) throw validation("Max bound, " + max + ", must be greater than or equal to min bound, " + min);
        if (desired < min || desired > max) {
            throw validation("Desired capacity:" + desired + " must be between the specified min size:" + min
                    + " and max size:" + max);
        }
    }

    private static LaunchTemplateSpecification launchTemplate(LaunchTemplateSpecification lt) {
        boolean id = lt.launchTemplateId() != null && !lt.launchTemplateId().isEmpty();
        boolean name = lt.launchTemplateName() != null && !lt.launchTemplateName().isEmpty();
        if (id == name) {
            throw validation("You must specify either launch template ID or launch template name in the request"
                    + (id ? ", but not both." : "."));
        }
        return lt.toBuilder().version(lt.version() == null ? "$Default" : lt.version()).build();
    }

    private static void zones(SimGroup g, String vpcZoneIdentifier, List<String> azs, String region, boolean create) {
        List<String> zones = new ArrayList<>();
        if (vpcZoneIdentifier != null && !vpcZoneIdentifier.isBlank()) {
            String[] subnets = vpcZoneIdentifier.split(",");
            for (int i = 0; i < subnets.length; i++) {
                String s = subnets[i].trim();
                if (!s.startsWith("subnet-")) throw validation("The subnet ID '" + s + "' does not exist");
                zones.add(region + (char) ('a' + i % 6));
            }
            g.vpcZoneIdentifier = vpcZoneIdentifier;
        } else if (azs != null && !azs.isEmpty()) {
            for (String z : azs) {
                if (z.length() != region.length() + 1 || !z.startsWith(region) || !Character.isLowerCase(z.charAt(region.length()))) {
                    throw validation("The availability zone '" + z + "' is not legal for this call");
                }
                if (!zones.contains(z)) zones.add(z);
            }
            g.vpcZoneIdentifier = null;
        } else if (create) {
            throw validation("At least one Availability Zone or VPC Subnet is required.");
        } else {
            return;
        }
        g.zones = List.copyOf(zones);
    }

    private static String healthCheckType(String t) {
        if (!HEALTH_CHECK_TYPES.contains(t)) {
            throw validation("1 validation error detected: Value '" + t + "' at 'healthCheckType' failed to satisfy "
                    + "constraint: Member must be one of EC2, ELB (the health check types the simulated region models)");
        }
        return t;
    }

    private static int nonNegative(Integer v, int dflt, String member) {
        if (v == null) return dflt;
        if (v < 0) throw validation("1 validation error detected: Value '" + v + "' at '" + member
                + "' failed to satisfy constraint: Member must have value greater than or equal to 0");
        return v;
    }

    private static List<String> targetGroups(List<String> given, TargetRegistry targets) {
        List<String> arns = new ArrayList<>();
        for (String tg : given) {
            String arn = targets.resolve(tg).orElseThrow(() -> validation(
                    "Provided Target Groups may not be valid. Please ensure they exist and try again."));
            if (!arns.contains(arn)) arns.add(arn);
        }
        return List.copyOf(arns);
    }
}
