package dev.fleetops.sim.ec2;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesResponse;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.MarketType;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Launch templates, minimal: one version each (version 1, also {@code $Latest} and {@code $Default}), holding the
 * launch data instances are built from (image, type, market type, security groups, user data, instance tags).
 */
final class LaunchTemplates {

    /** @param instanceTags tags the template puts on the instances it launches */
    record Template(String id, String name, Instant created, RequestLaunchTemplateData data,
                    Map<String, String> tags, Map<String, String> instanceTags) {

        boolean spot() {
            return data.instanceMarketOptions() != null
                    && data.instanceMarketOptions().marketType() == MarketType.SPOT;
        }

        String interruptionBehavior() {
            var o = data.instanceMarketOptions();
            if (o == null || o.spotOptions() == null || o.spotOptions().instanceInterruptionBehavior() == null) {
                return "terminate";
            }
            return o.spotOptions().instanceInterruptionBehaviorAsString();
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9().\\-/_]{3,128}");
    private static final Pattern ID = Pattern.compile("lt-[0-9a-f]{17}");
    private static final Set<String> FILTERS = Set.of("launch-template-name", "tag:", "tag-key");

    private final SimContext ctx;
    private final Map<String, Template> byId = new LinkedHashMap<>();
    private final Map<String, Template> byName = new LinkedHashMap<>();

    LaunchTemplates(SimContext ctx) {
        this.ctx = ctx;
    }

    CreateLaunchTemplateResponse create(CreateLaunchTemplateRequest r) {
        String name = r.launchTemplateName();
        if (name == null) throw Ec2Errors.missing("LaunchTemplateName");
        if (r.launchTemplateData() == null) throw Ec2Errors.missing("LaunchTemplateData");
        if (!NAME.matcher(name).matches()) {
            throw Ec2Errors.error("InvalidLaunchTemplateName.MalformedException",
                    "A launch template name must be between 3 and 128 characters, and may contain letters, numbers, "
                            + "and the following characters: - ( ) . / _.'");
        }
        if (byName.containsKey(name)) {
            throw Ec2Errors.error("InvalidLaunchTemplateName.AlreadyExistsException",
                    "Launch template name already in use.");
        }
        Map<String, String> tags = tagsFor(r.tagSpecifications(), ResourceType.LAUNCH_TEMPLATE);
        Map<String, String> instanceTags = new LinkedHashMap<>();
        for (LaunchTemplateTagSpecificationRequest s : r.launchTemplateData().tagSpecifications()) {
            if (s.resourceType() == ResourceType.INSTANCE) s.tags().forEach(t -> instanceTags.put(t.key(), t.value()));
        }
        Template t = new Template(ctx.ids().hex17("lt"), name, ctx.scheduler().now(), r.launchTemplateData(),
                Collections.unmodifiableMap(tags), Collections.unmodifiableMap(instanceTags));
        byId.put(t.id(), t);
        byName.put(name, t);
        return CreateLaunchTemplateResponse.builder().launchTemplate(sdk(t)).build();
    }

    DescribeLaunchTemplatesResponse describe(DescribeLaunchTemplatesRequest r) {
        var filters = Filters.compile(r.filters(), FILTERS);
        List<Template> chosen = new ArrayList<>();
        if (r.hasLaunchTemplateIds() || r.hasLaunchTemplateNames()) {
            for (String id : r.launchTemplateIds()) chosen.add(byIdOrThrow(id));
            for (String name : r.launchTemplateNames()) chosen.add(byNameOrThrow(name));
        } else {
            chosen.addAll(byId.values());
        }
        List<LaunchTemplate> out = new ArrayList<>();
        for (Template t : chosen) {
            if (filters.stream().allMatch(f -> matches(f, t))) out.add(sdk(t));
        }
        return DescribeLaunchTemplatesResponse.builder().launchTemplates(out).build();
    }

    /** For RunInstances: by id or name, version 1 / $Latest / $Default. */
    Template resolve(LaunchTemplateSpecification spec) {
        if (spec.launchTemplateId() != null && spec.launchTemplateName() != null) {
            throw Ec2Errors.combination("You can specify either a launch template ID or a launch template name "
                    + "in the request, but not both.");
        }
        Template t;
        if (spec.launchTemplateId() != null) {
            t = byIdOrThrow(spec.launchTemplateId());
        } else if (spec.launchTemplateName() != null) {
            t = byNameOrThrow(spec.launchTemplateName());
        } else {
            throw Ec2Errors.missing("LaunchTemplate.LaunchTemplateId");
        }
        String v = spec.version();
        if (v != null && !v.equals("1") && !v.equals("$Latest") && !v.equals("$Default")) {
            throw Ec2Errors.error("InvalidLaunchTemplateId.VersionNotFound",
                    "Could not find launch template version " + v + " for launch template " + t.id() + ".");
        }
        return t;
    }

    /** For other services (Auto Scaling): an id ({@code lt-...}) or a name. */
    Template resolve(String idOrName) {
        return idOrName.startsWith("lt-") ? byIdOrThrow(idOrName) : byNameOrThrow(idOrName);
    }

    private Template byIdOrThrow(String id) {
        if (!ID.matcher(id).matches()) {
            throw Ec2Errors.error("InvalidLaunchTemplateId.Malformed",
                    "The specified ID for the launch template (" + id + ") is not valid.");
        }
        Template t = byId.get(id);
        if (t == null) {
            throw Ec2Errors.error("InvalidLaunchTemplateId.NotFound",
                    "The specified launch template, with template ID " + id + ", does not exist.");
        }
        return t;
    }

    private Template byNameOrThrow(String name) {
        Template t = byName.get(name);
        if (t == null) {
            throw Ec2Errors.error("InvalidLaunchTemplateName.NotFoundException",
                    "The specified launch template, with template name " + name + ", does not exist.");
        }
        return t;
    }

    private static boolean matches(Filters.Compiled f, Template t) {
        if (f.tagKey() != null) return f.matches(t.tags().get(f.tagKey()));
        if (f.name().equals("tag-key")) return t.tags().keySet().stream().anyMatch(f::matches);
        return f.matches(t.name());
    }

    private LaunchTemplate sdk(Template t) {
        return LaunchTemplate.builder()
                .launchTemplateId(t.id())
                .launchTemplateName(t.name())
                .createTime(t.created())
                .createdBy("arn:aws:iam::" + ctx.accountId() + ":root")
                .defaultVersionNumber(1L)
                .latestVersionNumber(1L)
                .tags(Ec2Model.tags(t.tags()))
                .build();
    }

    /** Tags of the given resource type in TagSpecifications. */
    static Map<String, String> tagsFor(List<TagSpecification> specs, ResourceType type) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (TagSpecification s : specs) {
            if (s.resourceType() == type) {
                for (Tag t : s.tags()) tags.put(t.key(), t.value());
            }
        }
        return tags;
    }
}
