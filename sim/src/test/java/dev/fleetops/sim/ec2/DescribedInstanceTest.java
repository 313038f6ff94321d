package dev.fleetops.sim.ec2;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DescribeInstances answers an unchanged instance as the same SDK object (sim serve keeps its XML by that object's
 * identity), and a new one, equal to a fresh build, after every change an instance can go through: its state, the
 * reason for it, its type, its tags (their order too), a tag removed by Auto Scaling.
 */
class DescribedInstanceTest extends Ec2TestSupport {

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    /** The answer for {@code id}, checked against the instance built afresh from the simulator's record. */
    private Instance fresh(String id) {
        Instance answered = describe(id);
        assertThat(answered).isEqualTo(Ec2Model.instance(region.ec2().instance(id)));
        return answered;
    }

    /** After {@code change}, a new object that shows it, and the same one again until the next change. */
    private Instance changed(String id, Instance before, Runnable change) {
        change.run();
        Instance after = fresh(id);
        assertThat(after).as("answered after a change").isNotSameAs(before).isNotEqualTo(before);
        assertThat(describe(id)).as("answered again, unchanged").isSameAs(after);
        return after;
    }

    @Test
    void anUnchangedInstanceIsTheSameObjectAndEveryChangeMakesANewOne() {
        String id = call(ec2.runInstances(runRequest().tagSpecifications(t -> t.resourceType("instance")
                .tags(tag("Name", "web-1"), tag("env", "prod"))).build())).instances().get(0).instanceId();
        Instance pending = fresh(id);
        assertThat(describe(id)).isSameAs(pending);

        Instance running = changed(id, pending, () -> advance(Duration.ofMinutes(2)));
        assertThat(running.state().nameAsString()).isEqualTo("running");
        Instance tagged = changed(id, running, () -> call(ec2.createTags(r -> r.resources(id).tags(tag("team", "a & <b>")))));
        assertThat(tagged.tags()).contains(tag("team", "a & <b>"));
        Instance retagged = changed(id, tagged, () -> call(ec2.createTags(r -> r.resources(id).tags(tag("team", "c")))));
        Instance untagged = changed(id, retagged, () -> call(ec2.deleteTags(r -> r.resources(id).tags(tag("env", null)))));
        // the same tags in another order are another answer: the order is the XML's
        Instance reordered = changed(id, untagged, () -> {
            call(ec2.deleteTags(r -> r.resources(id).tags(tag("Name", null))));
            call(ec2.createTags(r -> r.resources(id).tags(tag("Name", "web-1"))));
        });
        assertThat(reordered.tags()).containsExactlyInAnyOrderElementsOf(untagged.tags());
        Instance stopping = changed(id, reordered, () -> call(ec2.stopInstances(r -> r.instanceIds(id))));
        assertThat(stopping.stateReason().code()).isEqualTo("Client.UserInitiatedShutdown");
        Instance stopped = changed(id, stopping, () -> advance(Duration.ofMinutes(5)));
        assertThat(stopped.state().nameAsString()).isEqualTo("stopped");
        // ModifyInstanceAttribute and an Auto Scaling untag change an instance without telling it: still seen
        Instance resized = changed(id, stopped, () -> call(ec2.modifyInstanceAttribute(r -> r.instanceId(id)
                .instanceType(t -> t.value("m5.large")))));
        assertThat(resized.instanceTypeAsString()).isEqualTo("m5.large");
        Instance detached = changed(id, resized, () -> region.ec2().untag(id, "team"));
        assertThat(detached.tags()).extracting(Tag::key).doesNotContain("team");
        Instance started = changed(id, detached, () -> {
            call(ec2.startInstances(r -> r.instanceIds(id)));
            advance(Duration.ofMinutes(2));
        });
        assertThat(started.stateReason()).isNull();
        changed(id, started, () -> call(ec2.terminateInstances(r -> r.instanceIds(id))));
    }

    /**
     * A field added to the simulator's instance that can change must be compared by {@link Described} (or be one
     * DescribeInstances does not show): otherwise an instance changed that way would be answered stale.
     */
    @Test
    void everyChangeableFieldOfAnInstanceIsComparedOrNotShown() {
        Set<String> compared = Set.of("instanceType", "state", "stateTransitionReason", "stateReasonCode",
                "stateReasonMessage", "tags");
        Set<String> notShown = Set.of("impaired", "epoch", "runs", "interruptionNoticed", "appUp", "rebooting",
                "checksDoneAt", "terminatedAt", "view", "described");
        Set<String> changeable = Arrays.stream(SimInstance.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers()))
                .filter(f -> !Modifier.isFinal(f.getModifiers()) || !immutable(f))
                .map(Field::getName).collect(Collectors.toSet());
        assertThat(changeable).containsExactlyInAnyOrderElementsOf(union(compared, notShown));
    }

    /** A final field of a type whose objects cannot change (the launch's strings, lists copied, the instant). */
    private static boolean immutable(Field f) {
        Class<?> t = f.getType();
        return t.isPrimitive() || t == String.class || t == java.time.Instant.class || t == java.util.List.class;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}
