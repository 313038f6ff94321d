package dev.fleetops.sim.ec2;

import dev.fleetops.sim.region.Instances;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated instance: what was asked at launch (fixed) and where its life stands (mutable, changed only by
 * {@link InstanceLifecycle} on the virtual-time thread).
 */
final class SimInstance implements Instances.Handle {

    final String id;
    final long seq;            // launch order, the pagination key
    final String reservationId;
    final String imageId;
    String instanceType; // ModifyInstanceAttribute changes it while stopped
    final String availabilityZone;
    final String subnetId;
    final String privateIp;
    final String privateDns;
    final List<String> securityGroupIds;
    final String userData;
    final String platform;     // Linux/UNIX or Windows
    final boolean spot;
    final String interruptionBehavior; // terminate, stop, hibernate (Spot only)
    final String spotRequestId;
    final String launchTemplateId;
    final int launchIndex;
    final String clientToken;
    final Instant launchTime;
    final Map<String, String> tags = new LinkedHashMap<>();
    /** Auto Scaling group named by the launch tags, and this instance's launch order in it (fault references). */
    final String groupName;
    final int groupIndex;
    final boolean impairedByShare;

    /** Status checks of the current run fail (fault plan); decided when the instance reaches running. */
    boolean impaired;
    InstanceStateName state = InstanceStateName.PENDING;
    /** Bumped on every transition and reboot: scheduled steps carry the epoch they were made for. */
    int epoch;
    /** Bumped each time the instance reaches running: Spot interruption draws belong to one run. */
    int runs;
    /** A Spot interruption notice was given for the current run. */
    boolean interruptionNoticed;
    boolean appUp;
    boolean rebooting;
    /** Virtual nanos at which status checks finish for the current run; -1 when not running. */
    long checksDoneAt = -1;
    long terminatedAt = -1;
    String stateTransitionReason = "";
    String stateReasonCode;
    String stateReasonMessage;
    private Instances.View view;
    private Described described;

    SimInstance(String id, long seq, String reservationId, String imageId, String instanceType, String availabilityZone,
                String subnetId, String privateIp, String privateDns, List<String> securityGroupIds, String userData,
                String platform, boolean spot, String interruptionBehavior, String spotRequestId,
                String launchTemplateId, int launchIndex, String clientToken, Instant launchTime,
                Map<String, String> tags, String groupName, int groupIndex, boolean impairedByShare) {
        this.id = id;
        this.seq = seq;
        this.reservationId = reservationId;
        this.imageId = imageId;
        this.instanceType = instanceType;
        this.availabilityZone = availabilityZone;
        this.subnetId = subnetId;
        this.privateIp = privateIp;
        this.privateDns = privateDns;
        this.securityGroupIds = List.copyOf(securityGroupIds);
        this.userData = userData;
        this.platform = platform;
        this.spot = spot;
        this.interruptionBehavior = interruptionBehavior;
        this.spotRequestId = spotRequestId;
        this.launchTemplateId = launchTemplateId;
        this.launchIndex = launchIndex;
        this.clientToken = clientToken;
        this.launchTime = launchTime;
        this.tags.putAll(tags);
        this.groupName = groupName;
        this.groupIndex = groupIndex;
        this.impairedByShare = impairedByShare;
    }

    String stateName() {
        return state.toString();
    }

    boolean is(InstanceStateName s) {
        return state == s;
    }

    /** Its app is up only while it runs (every way out of running takes the app down first). */
    @Override
    public boolean appResponding() {
        return appUp;
    }

    @Override
    public boolean running() {
        return state == InstanceStateName.RUNNING;
    }

    boolean gone() {
        return state == InstanceStateName.SHUTTING_DOWN || state == InstanceStateName.TERMINATED;
    }

    /** The narrow view other services get; cached because health checks ask often. */
    Instances.View view() {
        if (view == null) {
            view = new Instances.View(id, stateName(), privateIp, privateDns, platform, spot,
                    Collections.unmodifiableMap(new LinkedHashMap<>(tags)));
        }
        return view;
    }

    /** As DescribeInstances shows it: the same object until something it shows changes ({@link Described}). */
    Instance described() {
        described = Described.of(this, described);
        return described.instance();
    }

    void changed() {
        view = null;
    }
}
