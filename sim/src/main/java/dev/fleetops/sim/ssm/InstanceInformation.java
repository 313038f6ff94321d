package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.Instances;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationResponse;
import software.amazon.awssdk.services.ssm.model.InstanceInformation.Builder;
import software.amazon.awssdk.services.ssm.model.InstanceInformationFilter;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.InvalidFilterKeyException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceInformationFilterValueException;
import software.amazon.awssdk.services.ssm.model.PingStatus;
import software.amazon.awssdk.services.ssm.model.PlatformType;
import software.amazon.awssdk.services.ssm.model.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** DescribeInstanceInformation: the managed nodes, with the filters InstanceIds, PingStatus and PlatformTypes. */
final class InstanceInformation {

    private static final String AGENT_VERSION = "3.3.1142.0";

    private final Instances instances;
    private final ManagedInstances managed;

    InstanceInformation(Instances instances, ManagedInstances managed) {
        this.instances = instances;
        this.managed = managed;
    }

    private record Row(ManagedInstances.Node node, Instances.View view) {
        String platformType() {
            return "Windows".equals(view.platform()) ? "Windows" : "Linux";
        }
    }

    DescribeInstanceInformationResponse describe(DescribeInstanceInformationRequest r) {
        if (r.hasInstanceInformationFilterList() && r.hasFilters()) {
            throw SsmErrors.of(InvalidInstanceInformationFilterValueException.builder(),
                    "InvalidInstanceInformationFilterValue",
                    "InstanceInformationFilterList and Filters can't be used together.");
        }
        Predicate<Row> match = row -> true;
        if (r.hasInstanceInformationFilterList()) {
            for (InstanceInformationFilter f : r.instanceInformationFilterList()) {
                match = match.and(filter(f.keyAsString(), f.hasValueSet() ? f.valueSet() : List.of()));
            }
        }
        if (r.hasFilters()) {
            for (InstanceInformationStringFilter f : r.filters()) {
                match = match.and(filter(f.key(), f.hasValues() ? f.values() : List.of()));
            }
        }
        List<software.amazon.awssdk.services.ssm.model.InstanceInformation> rows = new ArrayList<>();
        for (ManagedInstances.Node n : managed.all()) {
            if (!n.registered || n.terminated) continue;
            Optional<Instances.View> view = instances.find(n.instanceId);
            if (view.isEmpty()) continue;
            Row row = new Row(n, view.get());
            if (match.test(row)) rows.add(info(row));
        }
        Paging<software.amazon.awssdk.services.ssm.model.InstanceInformation> page =
                Paging.of(rows, r.maxResults(), 5, 50, 50, r.nextToken());
        return DescribeInstanceInformationResponse.builder().instanceInformationList(page.page())
                .nextToken(page.nextToken()).build();
    }

    private static Predicate<Row> filter(String key, List<String> values) {
        if (values.isEmpty()) {
            throw SsmErrors.of(InvalidInstanceInformationFilterValueException.builder(),
                    "InvalidInstanceInformationFilterValue", "The filter " + key + " needs at least one value.");
        }
        return switch (key) {
            case "InstanceIds" -> row -> values.contains(row.node().instanceId);
            case "PingStatus" -> row -> values.contains(row.node().online ? "Online" : "ConnectionLost");
            case "PlatformTypes" -> row -> values.contains(row.platformType());
            case "ResourceType" -> row -> values.contains("EC2Instance");
            default -> throw SsmErrors.of(InvalidFilterKeyException.builder(), "InvalidFilterKey",
                    "The filter key " + key + " is not supported by the simulated region (InstanceIds, PingStatus, "
                            + "PlatformTypes, ResourceType).");
        };
    }

    private software.amazon.awssdk.services.ssm.model.InstanceInformation info(Row row) {
        boolean windows = row.platformType().equals("Windows");
        Builder b = software.amazon.awssdk.services.ssm.model.InstanceInformation.builder()
                .instanceId(row.node().instanceId)
                .pingStatus(row.node().online ? PingStatus.ONLINE : PingStatus.CONNECTION_LOST)
                .lastPingDateTime(managed.lastPing(row.node()))
                .agentVersion(AGENT_VERSION).isLatestVersion(true)
                .platformType(windows ? PlatformType.WINDOWS : PlatformType.LINUX)
                .platformName(windows ? "Microsoft Windows Server 2022 Datacenter" : "Amazon Linux")
                .platformVersion(windows ? "10.0.20348" : "2023")
                .resourceType(ResourceType.EC2_INSTANCE)
                .ipAddress(row.view().privateIp())
                .computerName(row.view().privateDnsName());
        return b.build();
    }
}
