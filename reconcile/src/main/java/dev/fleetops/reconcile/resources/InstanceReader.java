package dev.fleetops.reconcile.resources;

import dev.fleetops.reconcile.Services;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Tag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The shared batching reader of one engine: every lookup asked for in the same scheduler turn (a check round) is
 * answered by one DescribeInstances per page of {@code pageSize} names or ids, not one call per resource.
 * Lookups by name use state filters, so a terminated instance that still bears the Name tag is never found.
 */
public final class InstanceReader {

    /**
     * Names (or ids) per DescribeInstances call. Each call also asks for MaxResults 1000, so one page of names is
     * one call unless names are duplicated. 200 is a conservative number of filter values per call.
     */
    public static final int DEFAULT_PAGE = 200;
    static final List<String> LIVE = List.of("pending", "running", "stopping", "stopped", "shutting-down");

    private final Services services;
    private final int pageSize;
    private Map<String, List<CompletableFuture<List<Instance>>>> names = new LinkedHashMap<>();
    private Map<String, List<CompletableFuture<List<Instance>>>> terminated = new LinkedHashMap<>();
    private Map<String, List<CompletableFuture<Optional<Instance>>>> ids = new LinkedHashMap<>();
    private boolean flushScheduled;
    private int rounds;
    private int callsThisRound;
    private int maxCallsPerRound;

    public InstanceReader(Services services, int pageSize) {
        this.services = services;
        this.pageSize = pageSize;
    }

    public static InstanceReader of(Services s) {
        return s.shared(InstanceReader.class, x -> new InstanceReader(x, DEFAULT_PAGE));
    }

    public int pageSize() {
        return pageSize;
    }

    /** The live (not terminated) instances bearing {@code Name = name}. */
    public synchronized CompletionStage<List<Instance>> byName(String name) {
        CompletableFuture<List<Instance>> f = new CompletableFuture<>();
        names.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
        scheduleFlush();
        return f;
    }

    /** The terminated instances still bearing {@code Name = name} (for the launch generation). */
    public synchronized CompletionStage<List<Instance>> terminatedByName(String name) {
        CompletableFuture<List<Instance>> f = new CompletableFuture<>();
        terminated.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
        scheduleFlush();
        return f;
    }

    /** The instance, in any state; empty if EC2 does not (or no longer) show it. */
    public synchronized CompletionStage<Optional<Instance>> byId(String id) {
        CompletableFuture<Optional<Instance>> f = new CompletableFuture<>();
        ids.computeIfAbsent(id, k -> new ArrayList<>()).add(f);
        scheduleFlush();
        return f;
    }

    /** Check rounds (batches) answered so far. */
    public synchronized int rounds() {
        return rounds;
    }

    /** The most DescribeInstances calls one round needed. */
    public synchronized int maxCallsPerRound() {
        return maxCallsPerRound;
    }

    private void scheduleFlush() {
        if (flushScheduled) return;
        flushScheduled = true;
        // Zero delay: runs after every task already due now, so all checks started in this turn join the batch.
        services.scheduler().schedule(Duration.ZERO, this::flush);
    }

    private void flush() {
        Map<String, List<CompletableFuture<List<Instance>>>> n;
        Map<String, List<CompletableFuture<Optional<Instance>>>> i;
        Map<String, List<CompletableFuture<List<Instance>>>> t;
        synchronized (this) {
            n = names;
            i = ids;
            t = terminated;
            terminated = new LinkedHashMap<>();
            names = new LinkedHashMap<>();
            ids = new LinkedHashMap<>();
            flushScheduled = false;
            rounds++;
            callsThisRound = 0;
        }
        byNames(n, LIVE);
        byNames(t, List.of("terminated"));
        List<String> idList = new ArrayList<>(i.keySet());
        for (int from = 0; from < idList.size(); from += pageSize) {
            List<String> chunk = idList.subList(from, Math.min(idList.size(), from + pageSize));
            // A filter, not InstanceIds: an id EC2 does not show yet (eventual consistency) must not fail the page.
            describe(List.of(filter("instance-id", chunk)), null, new ArrayList<>()).whenComplete((found, error) -> {
                for (String id : chunk) {
                    Optional<Instance> mine = found == null ? Optional.empty()
                            : found.stream().filter(x -> id.equals(x.instanceId())).findFirst();
                    for (var f : i.get(id)) {
                        if (error != null) f.completeExceptionally(error);
                        else f.complete(mine);
                    }
                }
            });
        }
    }

    private void byNames(Map<String, List<CompletableFuture<List<Instance>>>> n, List<String> states) {
        List<String> nameList = new ArrayList<>(n.keySet());
        for (int from = 0; from < nameList.size(); from += pageSize) {
            List<String> chunk = nameList.subList(from, Math.min(nameList.size(), from + pageSize));
            List<Filter> filters = List.of(filter("tag:Name", chunk), filter("instance-state-name", states));
            describe(filters, null, new ArrayList<>()).whenComplete((found, error) -> {
                for (String name : chunk) {
                    List<Instance> mine = found == null ? List.of()
                            : found.stream().filter(x -> name.equals(tag(x, "Name"))).toList();
                    for (var f : n.get(name)) {
                        if (error != null) f.completeExceptionally(error);
                        else f.complete(mine);
                    }
                }
            });
        }
    }

    private CompletableFuture<List<Instance>> describe(List<Filter> filters, String token, List<Instance> into) {
        synchronized (this) {
            callsThisRound++;
            maxCallsPerRound = Math.max(maxCallsPerRound, callsThisRound);
        }
        DescribeInstancesRequest r = DescribeInstancesRequest.builder().filters(filters).maxResults(1000)
                .nextToken(token).build();
        return services.cloud().ec2().describeInstances(r).thenCompose((DescribeInstancesResponse resp) -> {
            for (Reservation res : resp.reservations()) into.addAll(res.instances());
            if (resp.nextToken() == null || resp.nextToken().isEmpty()) return CompletableFuture.completedFuture(into);
            return describe(filters, resp.nextToken(), into);
        });
    }

    static Filter filter(String name, List<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    static String tag(Instance i, String key) {
        for (Tag t : i.tags()) if (key.equals(t.key())) return t.value();
        return null;
    }
}
