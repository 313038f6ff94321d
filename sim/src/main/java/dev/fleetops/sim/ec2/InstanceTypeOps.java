package dev.fleetops.sim.ec2;

import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsResponse;
import software.amazon.awssdk.services.ec2.model.InstanceTypeOffering;
import software.amazon.awssdk.services.ec2.model.LocationType;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceAttributeResponse;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Instance types: the offerings of the region (EC2 API Reference: DescribeInstanceTypeOfferings, location type
 * {@code region} by default) and changing a stopped instance's type (ModifyInstanceAttribute; "Change the instance
 * type": the instance must be stopped). The simulator offers the general-purpose, compute and memory families
 * fleets use, in every size AWS lists for them; other attributes of ModifyInstanceAttribute are not modelled.
 */
final class InstanceTypeOps {

    private static final List<String> FAMILIES = List.of("t2", "t3", "t3a", "m5", "m6i", "m7i", "c5", "c6i", "r5", "r6i");
    private static final List<String> SIZES = List.of("nano", "micro", "small", "medium", "large", "xlarge", "2xlarge",
            "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");

    private final InstanceOps instances;
    private final String region;

    InstanceTypeOps(InstanceOps instances, String region) {
        this.instances = instances;
        this.region = region;
    }

    static List<String> offered() {
        List<String> out = new ArrayList<>();
        for (String f : FAMILIES) {
            for (String s : SIZES) {
                // t families stop at 2xlarge, the others start at large (as AWS offers them)
                boolean burstable = f.startsWith("t");
                int i = SIZES.indexOf(s);
                if (burstable ? i <= SIZES.indexOf("2xlarge") : i >= SIZES.indexOf("large")) out.add(f + "." + s);
            }
        }
        return out;
    }

    DescribeInstanceTypeOfferingsResponse describeOfferings(DescribeInstanceTypeOfferingsRequest r) {
        if (r.locationType() != null && r.locationType() != LocationType.REGION) {
            throw Ec2Errors.invalidValue("The simulated region offers instance types by LocationType region only");
        }
        List<Filters.Compiled> filters = Filters.compile(r.hasFilters() ? r.filters() : List.of(),
                Set.of("instance-type", "location"));
        List<InstanceTypeOffering> out = new ArrayList<>();
        for (String type : offered()) {
            boolean match = true;
            for (Filters.Compiled f : filters) {
                match &= f.matches(f.name().equals("location") ? region : type);
            }
            if (match) out.add(InstanceTypeOffering.builder().instanceType(type).locationType(LocationType.REGION)
                    .location(region).build());
        }
        return DescribeInstanceTypeOfferingsResponse.builder().instanceTypeOfferings(out).build();
    }

    ModifyInstanceAttributeResponse modifyAttribute(ModifyInstanceAttributeRequest r) {
        SimInstance i = instances.existing(r.instanceId() == null ? null : List.of(r.instanceId())).get(0);
        String type = r.instanceType() != null ? r.instanceType().value()
                : "instanceType".equals(r.attributeAsString()) ? r.value() : null;
        if (type == null) {
            throw Ec2Errors.error("UnsupportedOperation", "The simulated region models only the InstanceType attribute");
        }
        if (!TYPE.matcher(type).matches()) throw Ec2Errors.invalidValue("Invalid value '" + type + "' for InstanceType.");
        if (!i.is(InstanceStateName.STOPPED)) {
            throw Ec2Errors.error("IncorrectInstanceState", "The instance '" + i.id + "' is not in the 'stopped' state.");
        }
        i.instanceType = type;
        return ModifyInstanceAttributeResponse.builder().build();
    }
}
