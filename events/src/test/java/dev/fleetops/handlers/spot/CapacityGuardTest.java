package dev.fleetops.handlers.spot;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Seed 003's guard, corrected: raise by the shortfall within MaxSize, never lower, count what is coming. */
class CapacityGuardTest {

    private static AutoScalingGroup group(int desired, int max, String... states) {
        List<Instance> members = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            members.add(Instance.builder().instanceId("i-0000000" + i).lifecycleState(states[i]).build());
        }
        return AutoScalingGroup.builder().autoScalingGroupName("web").desiredCapacity(desired).minSize(1).maxSize(max)
                .instances(members).build();
    }

    @Test
    void aSingleInstanceGroupIsRaisedByTheShortfall() {
        CapacityGuard g = CapacityGuard.of(group(1, 6, "InService"), "i-00000000", 2);
        assertThat(g.newDesired()).isEqualTo(3);
        assertThat(g.waitFor()).isEqualTo(2);
        assertThat(g.raises()).isTrue();
        assertThat(g.mustWait()).isTrue();
    }

    @Test
    void aGroupWithEnoughInServiceIsLeftAlone() {
        CapacityGuard g = CapacityGuard.of(group(5, 6, "InService", "InService", "InService", "InService", "InService"),
                "i-00000000", 2);
        assertThat(g.newDesired()).isEqualTo(5); // seed 003 would have set 2
        assertThat(g.raises()).isFalse();
        assertThat(g.mustWait()).isFalse();
    }

    @Test
    void instancesAlreadyLaunchingCountAsComingAndAreWaitedFor() {
        CapacityGuard g = CapacityGuard.of(group(3, 6, "InService", "InService", "Pending"), "i-00000000", 2);
        assertThat(g.newDesired()).isEqualTo(3);
        assertThat(g.waitFor()).isEqualTo(2);
        assertThat(g.mustWait()).isTrue();
    }

    @Test
    void maxSizeCapsTheRaise() {
        CapacityGuard g = CapacityGuard.of(group(2, 2, "InService", "InService"), "i-00000000", 3);
        assertThat(g.newDesired()).isEqualTo(2);
        assertThat(g.cappedBy()).isEqualTo(2);
        assertThat(g.waitFor()).isEqualTo(1);
        assertThat(g.mustWait()).isFalse();
    }

    @Test
    void aFloorOfZeroDisablesTheGuard() {
        CapacityGuard g = CapacityGuard.of(group(1, 6, "InService"), "i-00000000", 0);
        assertThat(g.raises()).isFalse();
        assertThat(g.mustWait()).isFalse();
    }
}
