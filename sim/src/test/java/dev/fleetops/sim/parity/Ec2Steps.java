package dev.fleetops.sim.parity;

import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** EC2 calls the parity tests share, written as a user would make them. */
final class Ec2Steps {

    /** Amazon Linux 2, one of moto's built-in images; the simulator accepts any AMI id. */
    static final String AMI = "ami-05448533fbe614dce";
    static final String INSTANCE_ID = "i-[0-9a-f]{17}";

    private final Backend backend;

    Ec2Steps(Backend backend) {
        this.backend = backend;
    }

    RunInstancesResponse run(int count, Tag... tags) {
        return backend.await(backend.cloud().ec2().runInstances(r -> {
            r.imageId(AMI).instanceType(InstanceType.T3_MICRO).minCount(count).maxCount(count);
            // AWS rejects a tag specification without tags
            if (tags.length > 0) {
                r.tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags).build());
            }
        }));
    }

    /** Launches and lets the instances reach running. */
    List<String> runningIds(int count, Tag... tags) {
        List<String> ids = ids(run(count, tags).instances());
        backend.settle();
        return ids;
    }

    Instance describe(String id) {
        List<Instance> found = describe(List.of(id));
        if (found.size() != 1) throw new AssertionError("expected one instance " + id + ", got " + found);
        return found.get(0);
    }

    List<Instance> describe(List<String> ids) {
        return instances(backend.await(backend.cloud().ec2().describeInstances(r -> r.instanceIds(ids)))
                .reservations());
    }

    List<Instance> describe(Filter... filters) {
        return instances(backend.await(backend.cloud().ec2().describeInstances(r -> r.filters(filters)))
                .reservations());
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static List<String> ids(List<Instance> instances) {
        return instances.stream().map(Instance::instanceId).toList();
    }

    static Map<String, String> tags(Instance i) {
        return i.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b));
    }

    private static List<Instance> instances(List<Reservation> reservations) {
        return reservations.stream().flatMap(r -> r.instances().stream()).toList();
    }
}
