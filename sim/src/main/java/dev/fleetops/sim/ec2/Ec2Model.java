package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceLifecycleType;
import software.amazon.awssdk.services.ec2.model.InstanceState;
import software.amazon.awssdk.services.ec2.model.InstanceStateChange;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Placement;
import software.amazon.awssdk.services.ec2.model.StateReason;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Simulator state to the SDK's EC2 model classes. */
final class Ec2Model {

    private static final Map<InstanceStateName, InstanceState> STATES = new EnumMap<>(InstanceStateName.class);

    static {
        for (InstanceStateName s : List.of(InstanceStateName.PENDING, InstanceStateName.RUNNING,
                InstanceStateName.SHUTTING_DOWN, InstanceStateName.TERMINATED, InstanceStateName.STOPPING,
                InstanceStateName.STOPPED)) {
            STATES.put(s, InstanceState.builder().code(code(s)).name(s).build());
        }
    }

    private Ec2Model() { }

    /** The documented state codes (the low byte of InstanceState.Code). */
    static int code(InstanceStateName s) {
        return switch (s) {
            case PENDING -> 0;
            case RUNNING -> 16;
            case SHUTTING_DOWN -> 32;
            case TERMINATED -> 48;
            case STOPPING -> 64;
            case STOPPED -> 80;
            default -> throw new IllegalArgumentException(s.toString());
        };
    }

    static InstanceState state(InstanceStateName s) {
        return STATES.get(s);
    }

    static List<Tag> tags(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>(tags.size());
        tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    static InstanceStateChange change(SimInstance i, InstanceStateName previous) {
        return InstanceStateChange.builder().instanceId(i.id)
                .previousState(state(previous)).currentState(state(i.state)).build();
    }

    static Instance instance(SimInstance i) {
        Instance.Builder b = Instance.builder()
                .instanceId(i.id)
                .imageId(i.imageId)
                .instanceType(i.instanceType)
                .state(state(i.state))
                .privateIpAddress(i.privateIp)
                .privateDnsName(i.privateDns)
                .publicDnsName("")
                .launchTime(i.launchTime)
                .placement(Placement.builder().availabilityZone(i.availabilityZone).tenancy("default").build())
                .subnetId(i.subnetId)
                .vpcId(Network.VPC_ID)
                .amiLaunchIndex(i.launchIndex)
                .architecture("x86_64")
                .hypervisor("xen")
                .rootDeviceType("ebs")
                .rootDeviceName("/dev/xvda")
                .virtualizationType("hvm")
                .platformDetails(i.platform)
                .stateTransitionReason(i.stateTransitionReason)
                .securityGroups(i.securityGroupIds.stream()
                        .map(g -> GroupIdentifier.builder().groupId(g)
                                .groupName(g.equals(Network.DEFAULT_SECURITY_GROUP) ? "default" : g).build())
                        .toList())
                .tags(tags(i.tags));
        if (i.platform.equals("Windows")) b.platform("windows");
        if (i.clientToken != null) b.clientToken(i.clientToken);
        if (i.spot) b.instanceLifecycle(InstanceLifecycleType.SPOT).spotInstanceRequestId(i.spotRequestId);
        if (i.stateReasonCode != null) {
            b.stateReason(StateReason.builder().code(i.stateReasonCode).message(i.stateReasonMessage).build());
        }
        return b.build();
    }
}
