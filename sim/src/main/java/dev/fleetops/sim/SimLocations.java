package dev.fleetops.sim;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.Locations;
import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.services.sts.model.StsException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Regions (and accounts) of one simulation, every one on the same virtual clock, and how a run reaches them
 * as SSM's TargetLocations do ("AWS Systems Manager User Guide": Running automations in multiple AWS Regions and
 * accounts): an STS AssumeRole of the execution role in the location's account, answered through the calling
 * Region's gate (counted as {@code sts:AssumeRole}), then that Region's own clients.
 */
final class SimLocations {

    private final Map<String, SimRegion> regions = new LinkedHashMap<>();
    private final Set<String> roles = new LinkedHashSet<>(List.of(Locations.DEFAULT_ROLE));

    void add(SimRegion region) {
        String key = key(region.context().accountId(), region.context().region());
        if (regions.putIfAbsent(key, region) != null) {
            throw new IllegalArgumentException("the simulation already has Region " + region.context().region()
                    + " in account " + region.context().accountId());
        }
    }

    List<SimRegion> all() {
        return List.copyOf(regions.values());
    }

    Optional<SimRegion> find(String account, String region) {
        return Optional.ofNullable(regions.get(key(account, region)));
    }

    /** The execution roles STS lets a run assume, in every account of the simulation. */
    void roles(Collection<String> names) {
        roles.clear();
        roles.addAll(names);
    }

    /** The locations as reached from {@code from}, whose credentials (the simulation's one user) assume the roles. */
    Locations from(SimRegion from) {
        return (account, region, roleName) -> from.context().gate().call("sts", "AssumeRole",
                () -> at(from, account, region, roleName));
    }

    private Cloud at(SimRegion from, String account, String region, String roleName) {
        boolean knownAccount = regions.values().stream().anyMatch(r -> r.context().accountId().equals(account));
        if (!knownAccount || !roles.contains(roleName)) {
            // STS's answer when the role does not exist or does not trust the caller
            throw SimErrors.error(StsException.builder(), "Sts", "AccessDenied", 403, "User: arn:aws:iam::"
                    + from.context().accountId() + ":user/fleetops-sim is not authorized to perform: sts:AssumeRole on"
                    + " resource: arn:aws:iam::" + account + ":role/" + roleName
                    + (knownAccount ? " (the simulation's execution roles: " + String.join(", ", roles) + ")"
                    : " (account " + account + " is not in the simulation)"));
        }
        return find(account, region).map(SimRegion::cloud).orElseThrow(() -> new IllegalStateException(
                "the simulation has no Region " + region + " in account " + account + " (it has " + String.join(", ",
                        inAccount(account)) + "): add it to the scenario's regions"));
    }

    private List<String> inAccount(String account) {
        List<String> out = new ArrayList<>();
        for (SimRegion r : regions.values()) if (r.context().accountId().equals(account)) out.add(r.context().region());
        return out;
    }

    private static String key(String account, String region) {
        return account + "/" + region;
    }
}
