package dev.fleetops.waiters;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.Reservation;

import java.util.List;

import static dev.fleetops.waiters.Acceptor.anyError;
import static dev.fleetops.waiters.Acceptor.error;
import static dev.fleetops.waiters.Acceptor.failure;
import static dev.fleetops.waiters.Acceptor.path;
import static dev.fleetops.waiters.Acceptor.pathAll;
import static dev.fleetops.waiters.Acceptor.pathAny;
import static dev.fleetops.waiters.Acceptor.retry;
import static dev.fleetops.waiters.Acceptor.status;
import static dev.fleetops.waiters.Acceptor.success;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The AWS waiter model's acceptors over SDK responses as JSON (API member names), by the Smithy rules. */
class AcceptorsTest {

    /** EC2 InstanceRunning from waiters-2.json (aws-sdk-go models/apis/ec2/2016-11-15/waiters-2.json, the shared EC2 waiter model). */
    static final List<Acceptor> INSTANCE_RUNNING = List.of(
            success(pathAll("Reservations[].Instances[].State.Name", "running")),
            failure(pathAny("Reservations[].Instances[].State.Name", "shutting-down")),
            failure(pathAny("Reservations[].Instances[].State.Name", "terminated")),
            failure(pathAny("Reservations[].Instances[].State.Name", "stopping")),
            retry(error("InvalidInstanceID.NotFound")));

    static Answer instances(InstanceStateName... states) {
        List<Instance> list = java.util.Arrays.stream(states)
                .map(s -> Instance.builder().instanceId("i-" + s).state(st -> st.name(s)).build()).toList();
        return Answer.of(DescribeInstancesResponse.builder()
                .reservations(Reservation.builder().instances(list).build()).build());
    }

    static Answer ec2Error(int status, String code) {
        return Answer.of(Ec2Exception.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("msg of " + code).build()).build());
    }

    static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void pathAllSucceedsWhenEveryInstanceIsRunning() {
        var v = Acceptors.judge(INSTANCE_RUNNING, instances(InstanceStateName.RUNNING, InstanceStateName.RUNNING));

        assertThat(v).isInstanceOf(Verdict.Success.class);
        assertThat(((Verdict.Success<JsonNode>) v).value().at("/Reservations/0/Instances/1/State/Name").asText())
                .isEqualTo("running");
    }

    @Test
    void pathAllIsNotMetWhileOneIsPendingAndNoOtherAcceptorMatchesSoItRetries() {
        assertThat(Acceptors.judge(INSTANCE_RUNNING, instances(InstanceStateName.RUNNING, InstanceStateName.PENDING)))
                .isEqualTo(Verdict.retry("no acceptor matched the response"));
    }

    @Test
    void pathAllNeverMatchesAnEmptyList() {
        Answer empty = Answer.of(DescribeInstancesResponse.builder().build());

        assertThat(Acceptors.matches(pathAll("Reservations[].Instances[].State.Name", "running"), empty)).isFalse();
        assertThat(Acceptors.judge(INSTANCE_RUNNING, empty)).isInstanceOf(Verdict.Retry.class);
    }

    @Test
    void pathAnyFailsAsSoonAsOneIsTerminatedAndSaysWhichAcceptor() {
        var v = Acceptors.judge(INSTANCE_RUNNING, instances(InstanceStateName.RUNNING, InstanceStateName.TERMINATED));

        assertThat(v).isEqualTo(Verdict.failure("any Reservations[].Instances[].State.Name == \"terminated\""));
    }

    @Test
    void theFirstMatchingAcceptorWinsInOrder() {
        List<Acceptor> failFirst = List.of(failure(pathAny("Reservations[].Instances[].State.Name", "running"), "saw running"),
                success(pathAll("Reservations[].Instances[].State.Name", "running")));

        assertThat(Acceptors.judge(failFirst, instances(InstanceStateName.RUNNING)))
                .isEqualTo(Verdict.failure("saw running"));
    }

    @Test
    void pathComparesAScalarOrAnExpressionResultAsJson() {
        Answer answer = Answer.ofJson(json("""
                {"Status":"InProgress","ResponseCode":0,"InstanceState":{"Name":"running"},
                 "InstanceStatus":{"Status":"ok"},"SystemStatus":{"Status":"initializing"}}"""));

        assertThat(Acceptors.matches(path("Status", "InProgress"), answer)).isTrue();
        assertThat(Acceptors.matches(path("Status", "Success"), answer)).isFalse();
        assertThat(Acceptors.matches(new Acceptor.Matcher.Path("ResponseCode", json("0.0")), answer)).isTrue();
        assertThat(Acceptors.matches(path("InstanceState.Name == 'running' && InstanceStatus.Status == 'ok'", true),
                answer)).isTrue();
        assertThat(Acceptors.matches(path("InstanceState.Name == 'running' && SystemStatus.Status == 'ok'", true),
                answer)).isFalse();
        assertThat(Acceptors.matches(path("NoSuchMember", "x"), answer)).isFalse();
    }

    @Test
    void errorMatchesTheAwsErrorCodeAndARetryAcceptorKeepsWaiting() {
        Answer notFound = ec2Error(400, "InvalidInstanceID.NotFound");

        assertThat(Acceptors.judge(INSTANCE_RUNNING, notFound)).isEqualTo(Verdict.retry("error InvalidInstanceID.NotFound"));
        assertThat(Acceptors.matches(error("InvalidInstanceID.Malformed"), notFound)).isFalse();
        assertThat(Acceptors.matches(pathAny("Reservations[].Instances[].State.Name", "running"), notFound)).isFalse();
    }

    @Test
    void anErrorNoAcceptorNamesFailsTheWaitWithItsCode() {
        assertThat(Acceptors.judge(INSTANCE_RUNNING, ec2Error(400, "UnauthorizedOperation")))
                .isEqualTo(Verdict.failure("no acceptor matched the error UnauthorizedOperation: msg of UnauthorizedOperation"));
    }

    @Test
    void statusMatchesTheHttpStatusOfResponsesAndErrors() {
        List<Acceptor> deleted = List.of(success(status(404)), retry(status(200)));

        assertThat(Acceptors.judge(deleted, ec2Error(404, "NoSuchEntity"))).isInstanceOf(Verdict.Success.class);
        assertThat(Acceptors.judge(deleted, instances(InstanceStateName.RUNNING))).isEqualTo(Verdict.retry("status 200"));
    }

    @Test
    void theModelsBooleanErrorMatcherTellsAnyErrorFromNone() {
        assertThat(Acceptors.matches(anyError(true), ec2Error(500, "InternalError"))).isTrue();
        assertThat(Acceptors.matches(anyError(false), ec2Error(500, "InternalError"))).isFalse();
        assertThat(Acceptors.matches(anyError(false), instances(InstanceStateName.PENDING))).isTrue();
    }

    @Test
    void aBadExpressionIsRejectedWhenTheWaiterIsDefined() {
        assertThatThrownBy(() -> new Waiter("Broken", () -> null, List.of(success(path("Reservations[", "x"))),
                Backoff.fixed(java.time.Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad JMESPath expression 'Reservations['");
        assertThatThrownBy(() -> new Waiter("NoSuccess", () -> null, List.of(retry(anyError(false))),
                Backoff.fixed(java.time.Duration.ofSeconds(1))))
                .hasMessage("NoSuccess: a waiter needs at least one success acceptor");
    }
}
