package dev.fleetops.sim.ec2;

import dev.fleetops.sim.region.RandomStreams;
import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.SpotInstanceType;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * RunInstances (validation, launch templates, Spot, ClientToken idempotency) and launches on behalf of other
 * services. What is launched is decided here; {@link InstanceLifecycle} takes it from pending.
 */
final class Launcher {

    static final String GROUP_TAG = "aws:autoscaling:groupName";
    private static final Pattern AMI = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final String DEFAULT_TYPE = "m1.small"; // AWS's default when neither request nor template says

    private record Launched(RunInstancesRequest request, RunInstancesResponse response) { }

    /** What one instance is built from, after request and template are merged and validated. */
    private record Spec(String imageId, String instanceType, String zone, String subnetId, List<String> groups,
                        String userData, boolean spot, String interruption, String templateId, String clientToken,
                        Map<String, String> tags) { }

    private final SimContext ctx;
    private final Network network;
    private final LaunchTemplates templates;
    private final InstanceStore store;
    private final InstanceLifecycle lifecycle;
    private final Set<String> windowsImages = new HashSet<>();
    private final Map<String, Launched> byClientToken = new LinkedHashMap<>();

    Launcher(SimContext ctx, Network network, LaunchTemplates templates, InstanceStore store,
             InstanceLifecycle lifecycle) {
        this.ctx = ctx;
        this.network = network;
        this.templates = templates;
        this.store = store;
        this.lifecycle = lifecycle;
    }

    void registerWindowsImage(String imageId) {
        windowsImages.add(imageId);
    }

    RunInstancesResponse runInstances(RunInstancesRequest r) {
        String token = r.clientToken();
        if (token != null) {
            if (token.length() > 64) {
                throw Ec2Errors.invalidValue("Value (" + token + ") for parameter clientToken is invalid. "
                        + "Length exceeds maximum of 64");
            }
            Launched before = byClientToken.get(token);
            if (before != null) {
                if (!before.request().equals(r)) {
                    throw Ec2Errors.error("IdempotentParameterMismatch", "Arguments on this idempotent request are "
                            + "inconsistent with arguments used in previous request(s).");
                }
                return current(before.response());
            }
        }
        if (r.minCount() == null) throw Ec2Errors.missing("MinCount");
        if (r.maxCount() == null) throw Ec2Errors.missing("MaxCount");
        if (r.minCount() < 1) {
            throw Ec2Errors.invalidValue("Value (" + r.minCount() + ") for parameter minCount is invalid. "
                    + "Expected a positive integer.");
        }
        if (r.maxCount() < r.minCount()) {
            throw Ec2Errors.invalidValue("Value (" + r.maxCount() + ") for parameter maxCount is invalid. "
                    + "Expected a value greater than or equal to minCount (" + r.minCount() + ").");
        }
        Spec spec = spec(r);
        String reservation = ctx.ids().hex17("r");
        List<Instance> instances = new ArrayList<>(r.maxCount());
        for (int n = 0; n < r.maxCount(); n++) instances.add(Ec2Model.instance(create(spec, reservation, n)));
        RunInstancesResponse response = RunInstancesResponse.builder().reservationId(reservation)
                .ownerId(ctx.accountId()).groups(List.of()).instances(instances).build();
        if (token != null) byClientToken.put(token, new Launched(r, response));
        return response;
    }

    /** For Auto Scaling: one instance from a template, tags as given (aws: keys allowed: AWS sets them). */
    String launch(LaunchRequest request) {
        LaunchTemplates.Template t = templates.resolve(request.launchTemplate());
        var data = t.data();
        String zone = request.availabilityZone().orElse(network.firstZone());
        if (!network.hasZone(zone)) {
            throw Ec2Errors.invalidValue("Invalid availability zone: [" + zone + "]");
        }
        if (data.imageId() == null) throw Ec2Errors.missing("ImageId");
        Map<String, String> tags = new LinkedHashMap<>(t.instanceTags());
        tags.putAll(request.tags());
        Spec spec = new Spec(data.imageId(), data.instanceTypeAsString() != null ? data.instanceTypeAsString()
                : DEFAULT_TYPE, zone, network.subnetOf(zone), groups(data.securityGroupIds()),
                data.userData(), request.spot().orElse(t.spot()), t.interruptionBehavior(), t.id(), null, tags);
        return create(spec, ctx.ids().hex17("r"), 0).id;
    }

    private Spec spec(RunInstancesRequest r) {
        LaunchTemplates.Template t = r.launchTemplate() == null ? null : templates.resolve(r.launchTemplate());
        var data = t == null ? null : t.data();
        String image = r.imageId() != null ? r.imageId() : data == null ? null : data.imageId();
        if (image == null) throw Ec2Errors.missing("ImageId");
        if (!AMI.matcher(image).matches()) {
            throw Ec2Errors.error("InvalidAMIID.Malformed", "Invalid id: \"" + image + "\" (expecting \"ami-...\")");
        }
        String type = r.instanceTypeAsString() != null ? r.instanceTypeAsString()
                : data != null && data.instanceTypeAsString() != null ? data.instanceTypeAsString() : DEFAULT_TYPE;
        if (!TYPE.matcher(type).matches()) {
            throw Ec2Errors.invalidValue("Invalid value '" + type + "' for InstanceType.");
        }
        String zone = zone(r);
        List<String> groups = groups(r.hasSecurityGroupIds() ? r.securityGroupIds()
                : data != null ? data.securityGroupIds() : List.of());
        String userData = r.userData() != null ? r.userData() : data == null ? null : data.userData();
        if (userData != null) {
            try {
                Base64.getMimeDecoder().decode(userData);
            } catch (IllegalArgumentException e) {
                throw Ec2Errors.invalidValue("Invalid BASE64 encoding of user data.");
            }
        }
        boolean spot = t != null && t.spot();
        String interruption = t == null ? "terminate" : t.interruptionBehavior();
        var market = r.instanceMarketOptions();
        if (market != null && market.marketType() == MarketType.SPOT) {
            spot = true;
            var o = market.spotOptions();
            if (o != null && o.instanceInterruptionBehavior() != null) {
                interruption = o.instanceInterruptionBehaviorAsString();
                boolean persistent = o.spotInstanceType() == SpotInstanceType.PERSISTENT;
                if (!interruption.equals("terminate") && !persistent) {
                    throw Ec2Errors.combination("The instance interruption behavior '" + interruption
                            + "' requires a persistent Spot Instance request.");
                }
            }
        }
        Map<String, String> tags = new LinkedHashMap<>(t == null ? Map.of() : t.instanceTags());
        Map<String, String> requested = LaunchTemplates.tagsFor(r.tagSpecifications(), ResourceType.INSTANCE);
        TagOps.checkUserTags(requested);
        tags.putAll(requested);
        return new Spec(image, type, zone, network.subnetOf(zone), groups, userData, spot, interruption,
                t == null ? null : t.id(), r.clientToken(), tags);
    }

    private String zone(RunInstancesRequest r) {
        String placed = r.placement() == null ? null : r.placement().availabilityZone();
        if (placed != null && !network.hasZone(placed)) {
            throw Ec2Errors.invalidValue("Invalid availability zone: [" + placed + "]");
        }
        if (r.subnetId() == null) return placed != null ? placed : network.firstZone();
        String zone = network.zoneOfSubnet(r.subnetId());
        if (zone == null) {
            throw Ec2Errors.error("InvalidSubnetID.NotFound", "The subnet ID '" + r.subnetId() + "' does not exist");
        }
        if (placed != null && !placed.equals(zone)) {
            throw Ec2Errors.combination("The specified Availability Zone (" + placed
                    + ") does not match the Availability Zone of the subnet (" + zone + ").");
        }
        return zone;
    }

    private static List<String> groups(List<String> ids) {
        if (ids == null || ids.isEmpty()) return List.of(Network.DEFAULT_SECURITY_GROUP);
        for (String g : ids) {
            if (!g.startsWith("sg-")) {
                throw Ec2Errors.error("InvalidGroupId.Malformed", "Invalid id: \"" + g + "\" (expecting \"sg-...\")");
            }
        }
        return ids;
    }

    private SimInstance create(Spec s, String reservation, int launchIndex) {
        String id = ctx.ids().hex17("i");
        String ip = network.allocateIp(s.zone());
        String group = s.tags().get(GROUP_TAG);
        double share = ctx.faults().impairedShare();
        boolean impairedByShare = share > 0 && ctx.random(RandomStreams.Concern.FAULTS).nextDouble() < share;
        SimInstance i = new SimInstance(id, store.nextSeq(), reservation, s.imageId(), s.instanceType(), s.zone(),
                s.subnetId(), ip, network.dnsName(ip), s.groups(), s.userData(),
                windowsImages.contains(s.imageId()) ? "Windows" : "Linux/UNIX", s.spot(), s.interruption(),
                s.spot() ? ctx.ids().hex8("sir") : null, s.templateId(), launchIndex, s.clientToken(),
                ctx.scheduler().now(), s.tags(), group, store.nextGroupIndex(group), impairedByShare);
        store.add(i);
        lifecycle.launched(i);
        return i;
    }

    /** A repeated idempotent request answers with the same reservation, instances as they are now. */
    private RunInstancesResponse current(RunInstancesResponse original) {
        List<Instance> now = new ArrayList<>();
        for (Instance before : original.instances()) {
            SimInstance i = store.get(before.instanceId());
            now.add(i == null ? before : Ec2Model.instance(i));
        }
        return original.toBuilder().instances(now).build();
    }
}
