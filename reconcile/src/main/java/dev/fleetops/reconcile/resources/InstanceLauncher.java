package dev.fleetops.reconcile.resources;

import dev.fleetops.reconcile.ApplyContext;
import dev.fleetops.reconcile.Services;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMarketOptionsRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Idempotent creation (the gap of mgmt's aws:ec2, engine/resources/aws_ec2.go): one RunInstances carrying the Name tag
 * (TagSpecifications, never a separate CreateTags) and a ClientToken derived from fleet, resource and generation.
 * The generation is one more than the highest of the terminated instances that still bear the Name tag, so it
 * changes only when a terminated instance is replaced; if EC2 still answers a reused token with a terminated
 * launch (its terminated instances left the listing), the next generation is tried.
 */
final class InstanceLauncher {

    static final String GENERATION_TAG = "fleetops:generation";
    static final String FLEET_TAG = "fleetops:fleet";
    private static final int MAX_GENERATION_STEPS = 3;

    private final String name;
    private final Ec2Instance.Spec spec;

    InstanceLauncher(String name, Ec2Instance.Spec spec) {
        this.name = name;
        this.spec = spec;
    }

    /** Launches (or finds the launch of) this resource's instance; completes with its id. */
    CompletionStage<String> create(ApplyContext ctx) {
        return generation(ctx.services()).thenCompose(g -> run(ctx.services(), g, 0));
    }

    private CompletionStage<Integer> generation(Services s) {
        return InstanceReader.of(s).terminatedByName(name).thenApply(terminated -> {
            int max = -1;
            for (Instance i : terminated) {
                String g = InstanceReader.tag(i, GENERATION_TAG);
                if (g != null && g.matches("\\d{1,6}")) max = Math.max(max, Integer.parseInt(g));
            }
            return terminated.isEmpty() ? 0 : max + 1;
        });
    }
    private CompletionStage<String> run(Services s, int generation, int step) {
        return s.cloud().ec2().runInstances(request(s.fleet(), generation)).thenCompose(resp -> {
            Instance i = resp.instances().get(0);
            String state = i.state() == null ? "" : i.state().nameAsString();
            if ((state.equals("terminated") || state.equals("shutting-down")) && step < MAX_GENERATION_STEPS) {
                return run(s, generation + 1, step + 1); // an old launch answered the token: next generation
            }
            return CompletableFuture.completedFuture(i.instanceId());
        });
    }

    /** The same request for the same generation, byte for byte: EC2 rejects a reused token with other arguments. */
    RunInstancesRequest request(String fleet, int generation) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", name);
        tags.put(FLEET_TAG, fleet);
        tags.put(GENERATION_TAG, String.valueOf(generation));
        spec.tags().forEach(tags::putIfAbsent);
        List<Tag> tagList = new ArrayList<>();
        tags.forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .imageId(spec.image()).instanceType(spec.instanceType()).minCount(1).maxCount(1)
                .clientToken(ClientTokens.of(fleet, name, generation))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tagList).build());
        if (spec.subnet() != null) b.subnetId(spec.subnet());
        if (!spec.securityGroups().isEmpty()) b.securityGroupIds(spec.securityGroups());
        if (spec.userData() != null) {
            b.userData(Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8)));
        }
        if (spec.spot()) b.instanceMarketOptions(InstanceMarketOptionsRequest.builder().marketType(MarketType.SPOT).build());
        return b.build();
    }
}
