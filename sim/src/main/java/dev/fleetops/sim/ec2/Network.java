package dev.fleetops.sim.ec2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The region's default VPC as instances see it: three zones ({@code <region>a..c}), one default subnet per zone
 * ({@code 10.0.0.0/16} split by zone), the default security group, and private addresses handed out in launch
 * order so that the same scenario always gets the same addresses and DNS names.
 */
final class Network {

    static final String VPC_ID = "vpc-0f1e2d3c4b5a69780";
    static final String DEFAULT_SECURITY_GROUP = "sg-0a1b2c3d4e5f60718";

    private final String region;
    private final Map<String, String> subnetByZone = new LinkedHashMap<>();
    private final Map<String, String> zoneBySubnet = new LinkedHashMap<>();
    private final Map<String, Integer> zoneIndex = new LinkedHashMap<>();
    private final int[] nextHost;

    Network(String region) {
        this.region = region;
        String[] suffixes = {"a", "b", "c"};
        for (int z = 0; z < suffixes.length; z++) {
            String zone = region + suffixes[z];
            // fixed, region-derived ids: they must not draw from the seeded id stream
            String subnet = String.format(Locale.ROOT, "subnet-0%016x", (zone.hashCode() * 0x9E3779B97F4A7C15L) >>> 4);
            subnetByZone.put(zone, subnet);
            zoneBySubnet.put(subnet, zone);
            zoneIndex.put(zone, z);
        }
        nextHost = new int[suffixes.length];
    }

    List<String> zones() {
        return List.copyOf(subnetByZone.keySet());
    }

    String firstZone() {
        return subnetByZone.keySet().iterator().next();
    }

    boolean hasZone(String zone) {
        return subnetByZone.containsKey(zone);
    }

    String subnetOf(String zone) {
        return subnetByZone.get(zone);
    }

    /** @return the subnet's zone, or null for an unknown subnet */
    String zoneOfSubnet(String subnetId) {
        return zoneBySubnet.get(subnetId);
    }

    Map<String, String> subnets() {
        return Map.copyOf(subnetByZone);
    }

    /**
     * The next free private address in the zone's subnet: zone z owns 10.0.(64z)-(64z+63).x; the first four and
     * the last address of each /24 are skipped, as AWS reserves them in a subnet.
     */
    String allocateIp(String zone) {
        int z = zoneIndex.get(zone);
        int n = nextHost[z]++;
        int third = 64 * z + (n / 250) % 64;
        int fourth = 4 + n % 250;
        return "10.0." + third + "." + fourth;
    }

    String dnsName(String ip) {
        String host = "ip-" + ip.replace('.', '-');
        return region.equals("us-east-1") ? host + ".ec2.internal" : host + "." + region + ".compute.internal";
    }
}
