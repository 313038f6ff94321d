package dev.fleetops.sim.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Faults and ALB traffic switched through {@code /_fleetops/faults} and {@code /_fleetops/traffic}. */
class AdminSwitchesTest {

    private static HttpResponse<String> put(Served s, String what, String body) {
        return s.send(HttpRequest.newBuilder(s.endpoint().resolve("/_fleetops/" + what)).PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode get(Served s, String what) {
        return json(s.send(HttpRequest.newBuilder(s.endpoint().resolve("/_fleetops/" + what)).GET().build()).body());
    }

    private static JsonNode json(String body) {
        try {
            return Json.parse(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error code (or "ok") of each of 40 DescribeInstances calls over the wire with faults switched on. */
    private static List<String> outcomesWithFaults(long seed) {
        try (Served s = new Served(Scenarios.start(Scenarios.load("web", Map.of()), seed))) {
            s.advance(300);
            var on = put(s, "faults", "{\"Faults\": [{\"Service\": \"ec2\", \"Operation\": \"DescribeInstances\", \"Error\": \"throttling\", \"Rate\": 0.3},"
                    + " {\"Service\": \"ec2\", \"Error\": \"5xx\", \"Rate\": 0.2}]}");
            assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
            assertThat(json(on.body()).get("Faults").get(0).get("Error").asText()).isEqualTo("RequestLimitExceeded");
            assertThat(json(on.body()).get("Faults").get(1).get("Error").asText()).isEqualTo("Unavailable");
            List<String> out = new ArrayList<>();
            var ec2 = s.cloud().client(Ec2AsyncClient.class);
            for (int i = 0; i < 40; i++) {
                try {
                    ec2.describeInstances().join();
                    out.add("ok");
                } catch (CompletionException e) {
                    var a = (software.amazon.awssdk.awscore.exception.AwsServiceException) e.getCause();
                    out.add(a.awsErrorDetails().errorCode() + "/" + a.statusCode());
                }
            }
            JsonNode faults = get(s, "faults");
            assertThat(faults.get("Rejected").get("ec2:DescribeInstances").asLong()).isEqualTo(out.stream().filter(o -> !o.equals("ok")).count());
            var off = s.send(HttpRequest.newBuilder(s.endpoint().resolve("/_fleetops/faults")).DELETE().build());
            assertThat(json(off.body()).get("Faults")).isEmpty();
            for (int i = 0; i < 10; i++) ec2.describeInstances().join(); // no faults any more
            return out;
        }
    }

    @Test
    void faultsSwitchedOnAreDrawnFromTheSeededStreamAndSwitchOff() {
        List<String> first = outcomesWithFaults(42);
        assertThat(first).contains("ok", "RequestLimitExceeded/503", "Unavailable/503");
        assertThat(outcomesWithFaults(42)).isEqualTo(first);
    }

    @Test
    void trafficSwitchedOnHitsTheLoadBalancerAtItsRateAndStops() {
        try (Served s = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42))) {
            s.advance(300);
            var on = put(s, "traffic", "{\"RequestsPerSecond\": 20}");
            assertThat(on.statusCode()).as(on.body()).isEqualTo(200);
            assertThat(json(on.body()).get("LoadBalancers").asInt()).isEqualTo(1);
            s.advance(10);
            JsonNode after10 = get(s, "traffic");
            assertThat(after10.get("Total").asLong()).isBetween(200L, 201L);
            assertThat(after10.get("Ok").asLong()).isEqualTo(after10.get("Total").asLong()); // three healthy targets
            var off = s.send(HttpRequest.newBuilder(s.endpoint().resolve("/_fleetops/traffic")).DELETE().build());
            long total = json(off.body()).get("Total").asLong();
            s.advance(10);
            assertThat(get(s, "traffic").get("Total").asLong()).isEqualTo(total);
            assertThat(get(s, "traffic").get("RequestsPerSecond").asDouble()).isZero();
        }
    }

    @Test
    void badAdminRequestsSayWhatWasExpected() {
        try (Served s = new Served(Scenarios.start(Scenarios.load("web", Map.of()), 42))) {
            JsonNode before = s.state();
            Map<String, String> bad = Map.of(
                    "{\"Faults\": [{\"Service\": \"s3\", \"Error\": \"5xx\"}]}", "Faults[0].Service must be one of",
                    "{\"Faults\": [{\"Service\": \"ec2\", \"Error\": \"5xx\", \"Rate\": 2}]}", "Faults[0].Rate must be between 0 and 1",
                    "{\"Faults\": [{\"Service\": \"ec2\"}]}", "has neither Error nor LatencyMillis",
                    "{\"Fault\": []}", "Faults (a list) is missing",
                    "not json", "the body is not JSON: expected {\"Faults\"");
            bad.forEach((body, message) -> {
                var r = put(s, "faults", body);
                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(json(r.body()).get("Error").asText()).contains(message);
            });
            var traffic = put(s, "traffic", "{\"RequestsPerSecond\": \"fast\"}");
            assertThat(traffic.statusCode()).isEqualTo(400);
            assertThat(traffic.body()).contains("RequestsPerSecond must be a number");
            var post = s.send(HttpRequest.newBuilder(s.endpoint().resolve("/_fleetops/traffic")).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.body()).contains("PUT /_fleetops/traffic with {\\\"RequestsPerSecond\\\": N}");
            assertThat(get(s, "faults").get("Faults")).isEmpty();
            assertThat(s.state()).isEqualTo(before);
        }
    }
}
