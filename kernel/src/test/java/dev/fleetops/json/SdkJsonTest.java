package dev.fleetops.json;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SdkJsonTest {

    @Test
    void usesTheApiMemberNamesAndOmitsWhatWasNeverSet() {
        var response = DescribeInstancesResponse.builder().reservations(Reservation.builder()
                .reservationId("r-1")
                .instances(Instance.builder().instanceId("i-0123456789abcdef0")
                        .state(s -> s.name(InstanceStateName.RUNNING).code(16))
                        .launchTime(Instant.parse("2026-01-05T09:00:00Z")).build())
                .build()).build();

        var json = SdkJson.toJson(response);

        assertThat(json.toString()).isEqualTo("{\"Reservations\":[{\"ReservationId\":\"r-1\",\"Instances\":[{"
                + "\"InstanceId\":\"i-0123456789abcdef0\",\"State\":{\"Code\":16,\"Name\":\"running\"},"
                + "\"LaunchTime\":\"2026-01-05T09:00:00Z\"}]}]}");
    }

    @Test
    void seed004SelectorShape() {
        var response = DescribeTargetHealthResponse.builder().targetHealthDescriptions(d -> d
                .target(t -> t.id("i-083c8ca9c9b74e1cd").port(8080)).healthCheckPort("8080")
                .targetHealth(h -> h.state(TargetHealthStateEnum.HEALTHY))).build();

        assertThat(SdkJson.toJson(response).at("/TargetHealthDescriptions/0/TargetHealth/State").asText())
                .isEqualTo("healthy");
    }
}
