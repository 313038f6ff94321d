package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.util.Map;
import java.util.Objects;

/**
 * An instance as DescribeInstances shows it, with the changeable state it was built from: the same SDK object is
 * answered until that state changes, so sim serve keeps its encoded XML by the object's identity (bench wire: the
 * XML of 100 instances was most of a DescribeInstances answer's CPU). What changed is found by comparing, not by
 * being told: ModifyInstanceAttribute and an Auto Scaling untag change an instance without
 * {@link SimInstance#changed()}. Everything else {@link Ec2Model#instance} reads is fixed at launch
 * ({@code DescribedTest} checks that every field of {@link SimInstance} it reads is final or compared here).
 */
final class Described {

    private final String instanceType;
    private final InstanceStateName state;
    private final String stateTransitionReason;
    private final String stateReasonCode;
    private final String stateReasonMessage;
    private final String[] tags; // key, value, key, value... in the instance's order, which is the XML's
    private final Instance instance;

    private Described(SimInstance i) {
        this.instanceType = i.instanceType;
        this.state = i.state;
        this.stateTransitionReason = i.stateTransitionReason;
        this.stateReasonCode = i.stateReasonCode;
        this.stateReasonMessage = i.stateReasonMessage;
        this.tags = new String[i.tags.size() * 2];
        int k = 0;
        for (Map.Entry<String, String> e : i.tags.entrySet()) {
            tags[k++] = e.getKey();
            tags[k++] = e.getValue();
        }
        this.instance = Ec2Model.instance(i);
    }

    /** {@code i} as the SDK's Instance: {@code last}'s when {@code i} still shows what it was built from. */
    static Described of(SimInstance i, Described last) {
        return last != null && last.shows(i) ? last : new Described(i);
    }

    Instance instance() {
        return instance;
    }

    private boolean shows(SimInstance i) {
        return state == i.state && Objects.equals(instanceType, i.instanceType)
                && Objects.equals(stateTransitionReason, i.stateTransitionReason)
                && Objects.equals(stateReasonCode, i.stateReasonCode) && Objects.equals(stateReasonMessage, i.stateReasonMessage)
                && sameTags(i.tags);
    }

    private boolean sameTags(Map<String, String> now) {
        if (now.size() * 2 != tags.length) return false;
        int k = 0;
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!tags[k++].equals(e.getKey()) || !Objects.equals(tags[k++], e.getValue())) return false;
        }
        return true;
    }
}
