package dev.fleetops.runbook.rate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Locations;
import dev.fleetops.json.Json;
import dev.fleetops.source.InputError;
import dev.fleetops.source.Suggest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * SSM's {@code TargetLocations} ("AWS Systems Manager API Reference": StartAutomationExecution, TargetLocation;
 * User Guide: "Running automations in multiple AWS Regions and accounts"): the accounts and Regions a document runs
 * in, each through the role {@code ExecutionRoleName} of its account, at most TargetLocationMaxConcurrency
 * locations at a time and stopping after more than TargetLocationMaxErrors failed ones. One child per location
 * (account x Region, in the order given); in a location, the document runs once, or once per target when the run
 * has {@code --targets} (resolved in that account and Region).
 *
 * @param limits the locations' TargetLocationMaxConcurrency and TargetLocationMaxErrors
 */
public record TargetLocations(List<Location> locations, RateLimits limits) {

    public static final String FLAG = "--target-locations";
    /** The role SSM assumes by default ("Running automations in multiple AWS Regions and accounts"). */
    public static final String DEFAULT_ROLE = Locations.DEFAULT_ROLE;
    private static final Set<String> KEYS = Set.of("Accounts", "Regions", "ExecutionRoleName",
            "TargetLocationMaxConcurrency", "TargetLocationMaxErrors");
    /** Members of TargetLocation that fleetops does not act on: refused rather than ignored. */
    private static final Set<String> NOT_SUPPORTED = Set.of("ExcludeAccounts", "IncludeChildOrganizationUnits",
            "TargetLocationAlarmConfiguration", "Targets", "TargetsMaxConcurrency", "TargetsMaxErrors");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]");

    public record Location(String account, String region, String executionRoleName) {
        /** How the parent's record names its step: ACCOUNT/REGION. */
        public String value() {
            return account + "/" + region;
        }
    }

    public TargetLocations {
        locations = List.copyOf(locations);
    }

    /** The API's JSON: {@code [{"Accounts": ["111122223333"], "Regions": ["us-east-1"], ...}]}, 1-100 items. */
    public static TargetLocations parse(String json) {
        JsonNode list;
        try {
            list = Json.parse(json);
        } catch (JsonProcessingException e) {
            throw new InputError(null, FLAG, "expected a JSON list of TargetLocation objects, e.g. [{\"Accounts\":"
                    + " [\"111122223333\"], \"Regions\": [\"us-east-1\"]}]: " + e.getOriginalMessage());
        }
        if (!list.isArray() || list.isEmpty() || list.size() > 100) {
            throw new InputError(null, FLAG, "expected a JSON list of 1 to 100 TargetLocation objects");
        }
        Set<Location> out = new LinkedHashSet<>();
        RateLimits limits = null;
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String at = "item " + (i + 1) + ": ";
            if (!item.isObject()) throw new InputError(null, FLAG, at + "expected a TargetLocation object, got " + item);
            for (var it = item.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (NOT_SUPPORTED.contains(key)) {
                    throw new InputError(null, FLAG, at + key + " is not supported by fleetops (give accounts and Regions;"
                            + " per-location targets come from --targets)");
                }
                if (!KEYS.contains(key)) {
                    String hint = Suggest.closest(key, KEYS);
                    throw new InputError(null, FLAG, at + "unknown member '" + key + "'" + (hint != null ? " (did you mean '"
                            + hint + "'?)" : "") + "; a TargetLocation has " + String.join(", ", new java.util.TreeSet<>(KEYS)));
                }
            }
            List<String> accounts = strings(item, "Accounts", at);
            List<String> regions = strings(item, "Regions", at);
            for (String a : accounts) {
                if (a.startsWith("ou-") || a.startsWith("r-")) {
                    throw new InputError(null, FLAG, at + "'" + a + "' is an organizational unit: fleetops does not read AWS"
                            + " Organizations; list the account ids");
                }
                if (!ACCOUNT.matcher(a).matches()) throw new InputError(null, FLAG, at + "'" + a + "' is not an account id (12 digits)");
            }
            for (String r : regions) {
                if (!REGION.matcher(r).matches()) throw new InputError(null, FLAG, at + "'" + r + "' is not a Region name such as us-east-1");
            }
            String role = item.path("ExecutionRoleName").asText(DEFAULT_ROLE);
            RateLimits these = RateLimits.of(item.path("TargetLocationMaxConcurrency").asText("1"), FLAG + " TargetLocationMaxConcurrency",
                    item.path("TargetLocationMaxErrors").asText("0"), FLAG + " TargetLocationMaxErrors");
            if (limits != null && !limits.equals(these)) {
                throw new InputError(null, FLAG, at + "its TargetLocationMaxConcurrency/TargetLocationMaxErrors differ from"
                        + " item 1's; fleetops runs all locations under one pair: give the same in every item");
            }
            limits = these;
            for (String a : accounts) for (String r : regions) out.add(new Location(a, r, role));
        }
        return new TargetLocations(new ArrayList<>(out), limits);
    }

    private static List<String> strings(JsonNode item, String key, String at) {
        JsonNode n = item.path(key);
        if (!n.isArray() || n.isEmpty()) {
            throw new InputError(null, FLAG, at + key + " is required: a list of " + (key.equals("Accounts") ? "account ids" : "Region names"));
        }
        List<String> out = new ArrayList<>();
        n.forEach(v -> out.add(v.asText()));
        return out;
    }

    /**
     * The parent's plan: one child per location, in order, each with the parent's parameters. Its journal keeps each
     * location's role and, with {@code perLocation}, the targets, target parameter and limits each location runs
     * under, so that a recovered parent reaches the same locations and runs the same there ({@link #fromJournal}).
     */
    public RateControl.Plan plan(String document, Map<String, List<String>> parameters, Optional<RateControlRequest> perLocation) {
        Map<String, List<String>> entries = new LinkedHashMap<>();
        entries.put(RateControl.Plan.KEY + ROLES, locations.stream().map(Location::executionRoleName).toList());
        perLocation.ifPresent(r -> {
            entries.put(RateControl.Plan.KEY + TARGETS, List.of(r.targets().json()));
            entries.put(RateControl.Plan.KEY + PARAMETER, List.of(r.targetParameterName()));
            entries.put(RateControl.Plan.KEY + CONCURRENCY, List.of(r.limits().maxConcurrency()));
            entries.put(RateControl.Plan.KEY + ERRORS, List.of(r.limits().maxErrors()));
        });
        return new RateControl.Plan(document, parameters, locations.stream().map(Location::value).toList(),
                target -> parameters, limits, Optional.empty(), RateControl.Plan.LOCATIONS + " "
                + locations.stream().map(Location::value).toList(), entries);
    }

    private static final String ROLES = "ExecutionRoles";
    private static final String TARGETS = "LocationTargets";
    private static final String PARAMETER = "LocationTargetParameterName";
    private static final String CONCURRENCY = "LocationMaxConcurrency";
    private static final String ERRORS = "LocationMaxErrors";

    /**
     * A TargetLocations parent as its journal holds it: the locations with their roles and limits, the parent's own
     * parameters, and what each location runs.
     */
    public record Journaled(TargetLocations locations, Map<String, List<String>> parameters,
                            Optional<RateControlRequest> perLocation) {
        /** The plan the parent ran ({@link TargetLocations#plan}). */
        public RateControl.Plan plan(String document) {
            return locations.plan(document, parameters, perLocation);
        }
    }

    /** The parent journaled by {@link #plan} (its {@code started} entry's parameters); empty for any other. */
    public static Optional<Journaled> fromJournal(String document, Map<String, List<String>> journaled) {
        if (!RateControl.Plan.isLocations(journaled)) return Optional.empty();
        String key = RateControl.Plan.KEY;
        List<String> values = journaled.get(key + "Targets");
        List<String> roles = journaled.get(key + ROLES);
        if (roles == null || roles.size() != values.size()) return Optional.empty(); // journaled before roles were
        List<Location> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String[] at = values.get(i).split("/", 2);
            out.add(new Location(at[0], at[1], roles.get(i)));
        }
        RateLimits limits = new RateLimits(journaled.get(key + "MaxConcurrency").get(0), journaled.get(key + "MaxErrors").get(0));
        Map<String, List<String>> own = RateControl.Plan.withoutPlan(journaled);
        Optional<RateControlRequest> perLocation = journaled.containsKey(key + TARGETS)
                ? Optional.of(new RateControlRequest(document, own, Targets.parse(journaled.get(key + TARGETS).get(0), TARGETS),
                        journaled.get(key + PARAMETER).get(0), new RateLimits(journaled.get(key + CONCURRENCY).get(0),
                        journaled.get(key + ERRORS).get(0))))
                : Optional.empty();
        return Optional.of(new Journaled(new TargetLocations(out, limits), own, perLocation));
    }

    /** Why location {@code l} failed, for its step of the parent: {@code location ACCOUNT/REGION (role NAME): ...}. */
    public static IllegalStateException failed(Location l, Throwable e) {
        return new IllegalStateException("location " + l.value() + " (role " + l.executionRoleName() + "): " + brief(e), e);
    }

    private static String brief(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) t = t.getCause();
        return t instanceof software.amazon.awssdk.core.exception.SdkException ? dev.fleetops.retry.AwsError.of(t).brief()
                : String.valueOf(t.getMessage());
    }
}
