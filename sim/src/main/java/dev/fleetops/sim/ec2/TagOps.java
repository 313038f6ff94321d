package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsResponse;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** CreateTags, DeleteTags and DescribeTags on instances (the only taggable resource type modelled here). */
final class TagOps {

    static final int MAX_TAGS = 50;

    private final InstanceStore store;

    TagOps(InstanceStore store) {
        this.store = store;
    }

    CreateTagsResponse create(CreateTagsRequest r) {
        List<SimInstance> targets = resources(r.resources());
        if (!r.hasTags() || r.tags().isEmpty()) throw Ec2Errors.missing("Tag");
        for (Tag t : r.tags()) checkUserTag(t.key(), t.value() == null ? "" : t.value());
        for (SimInstance i : targets) {
            long added = r.tags().stream().map(Tag::key).distinct().filter(k -> !i.tags.containsKey(k)).count();
            if (i.tags.size() + added > MAX_TAGS) {
                throw Ec2Errors.error("TagLimitExceeded", "Tag limit exceeded");
            }
        }
        for (SimInstance i : targets) {
            for (Tag t : r.tags()) i.tags.put(t.key(), t.value() == null ? "" : t.value());
            i.changed();
        }
        return CreateTagsResponse.builder().build();
    }

    DeleteTagsResponse delete(DeleteTagsRequest r) {
        List<SimInstance> targets = resources(r.resources());
        for (SimInstance i : targets) {
            if (!r.hasTags()) {
                i.tags.keySet().removeIf(k -> !k.startsWith("aws:"));
            } else {
                for (Tag t : r.tags()) {
                    if (t.key() != null && t.key().startsWith("aws:")) {
                        throw Ec2Errors.invalidValue("Tag keys starting with 'aws:' are reserved for internal use");
                    }
                    // no value: delete whatever the value; a value (even empty): only when it matches
                    if (t.value() == null || t.value().equals(i.tags.get(t.key()))) i.tags.remove(t.key());
                }
            }
            i.changed();
        }
        return DeleteTagsResponse.builder().build();
    }

    DescribeTagsResponse describe(DescribeTagsRequest r) {
        var filters = Filters.compile(r.filters(), InstanceFilters.DESCRIBE_TAGS);
        int limit = Pages.limit(r.maxResults(), 5, 1000);
        long skip = Pages.position(r.nextToken());
        long seen = 0;
        List<TagDescription> out = new ArrayList<>();
        for (SimInstance i : store.all()) {
            for (Map.Entry<String, String> tag : i.tags.entrySet()) {
                if (!InstanceFilters.matchesTag(filters, i.id, tag)) continue;
                if (seen++ < skip) continue;
                if (out.size() == limit) {
                    return DescribeTagsResponse.builder().tags(out).nextToken(Pages.token(seen - 1)).build();
                }
                out.add(TagDescription.builder().resourceId(i.id).resourceType(ResourceType.INSTANCE)
                        .key(tag.getKey()).value(tag.getValue()).build());
            }
        }
        return DescribeTagsResponse.builder().tags(out).build();
    }

    /** Tags a user sets (RunInstances TagSpecifications, CreateTags). */
    static void checkUserTags(Map<String, String> tags) {
        tags.forEach(TagOps::checkUserTag);
        if (tags.size() > MAX_TAGS) throw Ec2Errors.error("TagLimitExceeded", "Tag limit exceeded");
    }

    private static void checkUserTag(String key, String value) {
        if (key == null || key.isEmpty() || key.length() > 128) {
            throw Ec2Errors.invalidValue("Tag key must be between 1 and 128 characters: '" + key + "'");
        }
        if (key.startsWith("aws:")) {
            throw Ec2Errors.invalidValue("Tag keys starting with 'aws:' are reserved for internal use");
        }
        if (value != null && value.length() > 256) {
            throw Ec2Errors.invalidValue("Tag value must be at most 256 characters for key '" + key + "'");
        }
    }

    private List<SimInstance> resources(List<String> ids) {
        if (ids == null || ids.isEmpty()) throw Ec2Errors.missing("ResourceId");
        List<String> missing = new ArrayList<>();
        List<SimInstance> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (!id.startsWith("i-")) {
                throw Ec2Errors.error("InvalidID", "The ID '" + id + "' is not valid");
            }
            Ec2Errors.checkInstanceIdShape(id);
            SimInstance i = store.get(id);
            if (i == null) missing.add(id); else out.add(i);
        }
        if (!missing.isEmpty()) throw Ec2Errors.notFound(missing);
        return out;
    }
}
