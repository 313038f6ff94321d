package dev.fleetops.reconcile.resources;

import dev.fleetops.source.InputError;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reading an {@code ec2:instance} declaration, and comparing it with what EC2 shows. */
final class Ec2InstanceSpecs {

    static final Set<String> PROPERTIES = Set.of("state", "image", "instanceType", "subnet", "securityGroups", "tags",
            "market", "userData");
    private static final List<String> STATES = List.of("running", "stopped", "terminated");
    private static final Pattern AMI = Pattern.compile("ami-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    private static final Pattern SUBNET = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern GROUP = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");

    private Ec2InstanceSpecs() { }

    static Ec2Instance.Spec read(MapNode m) {
        String state = m.get("state").map(n -> oneOf(n, STATES)).orElse("running");
        boolean needsLaunch = !state.equals("terminated");
        String image = m.get("image").map(n -> matching(n, AMI, "an AMI id such as ami-0abcdef1234567890")).orElse(null);
        if (image == null && needsLaunch) throw InputError.at(m, "missing required field 'image' (state " + state + ")");
        String type = m.get("instanceType").map(n -> matching(n, TYPE, "an instance type such as t3.micro")).orElse("t3.micro");
        String subnet = m.get("subnet").map(n -> matching(n, SUBNET, "a subnet id such as subnet-0123456789abcdef0")).orElse(null);
        List<String> groups = new ArrayList<>();
        m.get("securityGroups").ifPresent(n -> {
            for (Node g : n.asList().items()) groups.add(matching(g, GROUP, "a security group id such as sg-0123456789abcdef0"));
        });
        Map<String, String> tags = new LinkedHashMap<>();
        m.get("tags").ifPresent(n -> {
            MapNode t = n.asMap();
            for (var e : t.list()) {
                String key = e.getKey();
                if (key.equals("Name")) throw new InputError(t.keyLocation(key), e.getValue().path(),
                        "the Name tag is the resource name; leave it out of tags");
                if (key.startsWith("aws:")) throw new InputError(t.keyLocation(key), e.getValue().path(),
                        "tag keys starting with 'aws:' are reserved by AWS");
                tags.put(key, e.getValue().asScalar().asString());
            }
        });
        boolean spot = m.get("market").map(n -> oneOf(n, List.of("on-demand", "spot"))).orElse("on-demand").equals("spot");
        String userData = m.get("userData").map(n -> n.asScalar().asString()).orElse(null);
        return new Ec2Instance.Spec(state, image, type, subnet, List.copyOf(groups), tags, spot, userData);
    }

    static String describe(Ec2Instance.Spec s) {
        StringBuilder b = new StringBuilder(s.instanceType()).append(" from ").append(s.image());
        if (s.spot()) b.append(", spot");
        if (s.subnet() != null) b.append(" in ").append(s.subnet());
        return b.toString();
    }

    /** Properties fixed at launch that differ: "instanceType: t3.small (file: t3.micro)". */
    static List<String> immutableDifferences(Ec2Instance.Spec s, Instance i) {
        List<String> out = new ArrayList<>();
        if (s.image() != null && !s.image().equals(i.imageId())) out.add("image: " + i.imageId() + " (file: " + s.image() + ")");
        if (!s.instanceType().equals(i.instanceTypeAsString())) {
            out.add("instanceType: " + i.instanceTypeAsString() + " (file: " + s.instanceType() + ")");
        }
        if (s.subnet() != null && !s.subnet().equals(i.subnetId())) out.add("subnet: " + i.subnetId() + " (file: " + s.subnet() + ")");
        if (!s.securityGroups().isEmpty() && !new TreeSet<>(s.securityGroups()).equals(Ec2Instance.groupIds(i))) {
            out.add("securityGroups: " + Ec2Instance.groupIds(i) + " (file: " + new TreeSet<>(s.securityGroups()) + ")");
        }
        boolean spot = "spot".equals(i.instanceLifecycleAsString());
        if (s.spot() != spot) out.add("market: " + (spot ? "spot" : "on-demand") + " (file: " + (s.spot() ? "spot" : "on-demand") + ")");
        return out;
    }

    /** Desired tags the instance lacks or has with another value (extra tags are left alone). */
    static List<Tag> missingTags(Ec2Instance.Spec s, Instance i) {
        List<Tag> out = new ArrayList<>();
        s.tags().forEach((k, v) -> {
            if (!v.equals(InstanceReader.tag(i, k))) out.add(Tag.builder().key(k).value(v).build());
        });
        return out;
    }

    static String oneOf(Node n, List<String> allowed) {
        String v = n.asScalar().asString();
        if (!allowed.contains(v)) {
            throw InputError.at(n, "expected one of " + String.join(", ", allowed) + ", got \"" + v + "\"");
        }
        return v;
    }

    static String matching(Node n, Pattern p, String what) {
        String v = n.asScalar().asString();
        if (!p.matcher(v).matches()) throw InputError.at(n, "expected " + what + ", got \"" + v + "\"");
        return v;
    }

    static List<String> strings(Node n) {
        List<Node> items = n instanceof ListNode l ? l.items() : List.of(n);
        return items.stream().map(x -> x.asScalar().asString()).toList();
    }
}
