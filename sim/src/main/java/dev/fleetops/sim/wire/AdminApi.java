package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The reserved path {@code /_fleetops/}, which no AWS API uses: {@code POST /_fleetops/advance?seconds=N} runs N
 * virtual seconds and answers when they have run (the clock after them); {@code GET /_fleetops/state} gives the
 * clock and a summary of the region. Tests drive time through it alone, which keeps a run deterministic.
 */
final class AdminApi {

    static final String PREFIX = "/_fleetops/";
    /** More than a month of virtual time in one request is a typo, not a test. */
    private static final Duration MAX_ADVANCE = Duration.ofDays(31);
    private static final String JSON = "application/json";

    private final SimRegion region;
    private final SimDriver driver;
    private final AdminSwitches switches;

    AdminApi(SimRegion region, SimDriver driver) {
        this.region = region;
        this.driver = driver;
        this.switches = new AdminSwitches(region);
    }

    CompletableFuture<Answer> handle(WireRequest r) {
        String what = r.path().substring(PREFIX.length());
        return switch (what) {
            case "advance" -> {
                if (!r.method().equals("POST")) yield done(error(405, "use POST /_fleetops/advance?seconds=N"));
                Duration d;
                try {
                    d = seconds(r.param("seconds"));
                } catch (IllegalArgumentException | BadRequest e) {
                    yield done(error(400, e.getMessage()));
                }
                yield driver.advance(d).thenApply(clock -> ok(Json.object().put("Clock", clock.toString())
                        .put("AdvancedSeconds", d.toMillis() / 1000.0)));
            }
            case "state" -> {
                if (!r.method().equals("GET")) yield done(error(405, "use GET /_fleetops/state"));
                yield driver.read(() -> ok(RegionState.read(region, driver.speed())));
            }
            case "faults" -> switch (r.method()) {
                case "GET" -> driver.read(() -> ok(switches.faultsNow()));
                case "DELETE" -> driver.read(() -> ok(switches.switchFaults(java.util.List.of())));
                case "PUT" -> {
                    try {
                        var faults = AdminSwitches.faults(r.bodyText());
                        yield driver.read(() -> ok(switches.switchFaults(faults)));
                    } catch (IllegalArgumentException e) {
                        yield done(error(400, e.getMessage()));
                    }
                }
                default -> done(error(405, "use GET, DELETE or PUT /_fleetops/faults with " + AdminSwitches.FAULTS_FORM));
            };
            case "traffic" -> switch (r.method()) {
                case "GET" -> driver.read(() -> ok(switches.trafficNow()));
                case "DELETE" -> driver.read(() -> ok(switches.switchTraffic(0)));
                case "PUT" -> {
                    try {
                        double rps = AdminSwitches.rate(r.bodyText());
                        yield driver.read(() -> ok(switches.switchTraffic(rps)));
                    } catch (IllegalArgumentException e) {
                        yield done(error(400, e.getMessage()));
                    }
                }
                default -> done(error(405, "use GET, DELETE or PUT /_fleetops/traffic with " + AdminSwitches.TRAFFIC_FORM));
            };
            default -> done(error(404, "no admin resource " + r.path() + " (known: POST " + PREFIX + "advance?seconds=N, GET "
                    + PREFIX + "state, GET|PUT|DELETE " + PREFIX + "faults, GET|PUT|DELETE " + PREFIX + "traffic)"));
        };
    }

    static Duration seconds(String s) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException("seconds is missing: POST /_fleetops/advance?seconds=N");
        BigDecimal n;
        try {
            n = new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seconds must be a number of seconds, got '" + s + "'");
        }
        if (n.signum() <= 0) throw new IllegalArgumentException("seconds must be positive, got " + s);
        if (n.compareTo(BigDecimal.valueOf(MAX_ADVANCE.toSeconds())) > 0) {
            throw new IllegalArgumentException("seconds must be at most " + MAX_ADVANCE.toSeconds() + " (31 days), got " + s);
        }
        return Duration.ofNanos(n.movePointRight(9).longValue());
    }

    private static CompletableFuture<Answer> done(Answer a) {
        return CompletableFuture.completedFuture(a);
    }

    private static Answer ok(ObjectNode o) {
        return Answer.of(200, JSON, o.toString());
    }

    private static Answer error(int status, String message) {
        return Answer.of(status, JSON, Json.object().put("Error", message).toString());
    }
}
