package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import dev.fleetops.runbook.action.ActionResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A step's timeout counts from when its call is sent, not while the call waits for its own write-ahead intent to
 * become durable (docs/recovery.md, "Timeouts and the journal"): under load the journal may take longer than the
 * step's timeoutSeconds, and timing the step out then failed a call that had not even been sent (`bench chaos`,
 * 79 steps). Virtual time: the journal here makes every intent durable 40 s after it is asked to.
 */
class TimeoutExcludesIntentWaitTest {

    static final String DOC = """
            schemaVersion: '0.3'
            mainSteps:
              - name: Call
                action: aws:executeAwsApi
                timeoutSeconds: 25
                inputs: {Service: ec2, Api: DescribeInstances}
            """;

    /** Every intent becomes durable {@code delay} after it is journaled. */
    static Journal slow(EngineFixture[] f, Duration delay) {
        return new Journal() {
            @Override
            public CompletionStage<Void> aboutToCall(String executionId, String step, int attempt, String operation,
                                                     String token, JsonNode request) {
                return f[0].scheduler.delay(delay).thenApply(v -> null);
            }

            @Override
            public void stepEnded(String executionId, String step, dev.fleetops.execution.StepRecord result) { }
        };
    }

    @Test
    void waitingForTheIntentDoesNotTimeTheStepOut() {
        EngineFixture[] f = new EngineFixture[1];
        f[0] = new EngineFixture(b -> b.journal(slow(f, Duration.ofSeconds(40))));
        f[0].scripts.put("Call", c -> c.call("ec2", "DescribeInstances", EngineFixture.json("{}"))
                .thenCompose(r -> c.scheduler().delay(Duration.ofSeconds(5)).thenApply(v -> ActionResult.of(Map.of(ActionResult.RESPONSE, r)))));
        Instant t0 = f[0].scheduler.now();

        ExecutionRecord r = f[0].run(DOC);

        StepRecord call = EngineFixture.step(r, "Call");
        assertThat(call.status()).as(call.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(call.end()).as("40 s for the intent, then 5 s for the call").contains(t0.plusSeconds(45));
        assertThat(f[0].ec2Requests).hasSize(1);
    }

    @Test
    void thePerCallLimitCountsFromWhenTheCallIsSent() {
        EngineFixture[] f = new EngineFixture[1];
        f[0] = new EngineFixture(b -> b.journal(slow(f, Duration.ofSeconds(40))));
        // aws:executeAwsApi's 25 s per call (Calls.PER_CALL); the answer takes 20 s once sent
        f[0].scripts.put("Call", c -> c.call("ec2", "DescribeInstances", EngineFixture.json("{}"), Duration.ofSeconds(25))
                .thenCompose(r -> c.scheduler().delay(Duration.ofSeconds(0)).thenApply(v -> ActionResult.of(Map.of(ActionResult.RESPONSE, r)))));
        f[0].answerDelay = Duration.ofSeconds(20);
        Instant t0 = f[0].scheduler.now();

        ExecutionRecord r = f[0].run(DOC.replace("timeoutSeconds: 25", "timeoutSeconds: 100"));

        StepRecord call = EngineFixture.step(r, "Call");
        assertThat(call.status()).as(call.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(call.end()).as("40 s for the intent, then 20 s for the answer").contains(t0.plusSeconds(60));
    }

    @Test
    void aCallThatIsSlowItselfStillTimesOutItsTimeoutAfterItWasSent() {
        EngineFixture[] f = new EngineFixture[1];
        f[0] = new EngineFixture(b -> b.journal(slow(f, Duration.ofSeconds(10))));
        f[0].scripts.put("Call", c -> c.call("ec2", "DescribeInstances", EngineFixture.json("{}"))
                .thenCompose(r -> new CompletableFuture<ActionResult>()));
        Instant t0 = f[0].scheduler.now();

        ExecutionRecord r = f[0].run(DOC);

        StepRecord call = EngineFixture.step(r, "Call");
        assertThat(call.status()).isEqualTo(Status.TimedOut);
        assertThat(call.failureMessage()).hasValueSatisfying(m -> assertThat(m).contains("Step timed out after 25 seconds"));
        assertThat(call.end()).as("10 s for the intent, then its 25 s").contains(t0.plusSeconds(35));
    }
}
