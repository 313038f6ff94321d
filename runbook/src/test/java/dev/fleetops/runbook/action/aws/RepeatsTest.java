package dev.fleetops.runbook.action.aws;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.fleetops.runbook.action.aws.Repeats.Kind.CHECKED_FIRST;
import static dev.fleetops.runbook.action.aws.Repeats.Kind.IDEMPOTENT;
import static dev.fleetops.runbook.action.aws.Repeats.Kind.READ;
import static dev.fleetops.runbook.action.aws.Repeats.Kind.TOKEN;
import static dev.fleetops.runbook.action.aws.Repeats.Kind.UNSAFE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table of what a repeated call does after a crash (docs/recovery.md, "Repeated calls"), and the tokens the
 * calls carry.
 */
class RepeatsTest {

    /** Every mutating call an action makes, as docs/recovery.md lists them. */
    static final Map<String, Repeats.Kind> ACTION_CALLS = new LinkedHashMap<>();

    static {
        ACTION_CALLS.put("ec2:RunInstances", TOKEN);
        ACTION_CALLS.put("ec2:CopyImage", TOKEN);
        ACTION_CALLS.put("cloudformation:CreateStack", TOKEN);
        ACTION_CALLS.put("cloudformation:DeleteStack", TOKEN);
        ACTION_CALLS.put("ssm:StartAutomationExecution", TOKEN);
        ACTION_CALLS.put("ec2:StartInstances", IDEMPOTENT);
        ACTION_CALLS.put("ec2:StopInstances", IDEMPOTENT);
        ACTION_CALLS.put("ec2:TerminateInstances", IDEMPOTENT);
        ACTION_CALLS.put("ec2:CreateTags", IDEMPOTENT);
        ACTION_CALLS.put("ssm:AddTagsToResource", IDEMPOTENT);
        ACTION_CALLS.put("ssm:CancelCommand", IDEMPOTENT);
        ACTION_CALLS.put("elbv2:RegisterTargets", IDEMPOTENT);
        ACTION_CALLS.put("elbv2:DeregisterTargets", IDEMPOTENT);
        ACTION_CALLS.put("ec2:DeregisterImage", IDEMPOTENT);
        ACTION_CALLS.put("ec2:DeleteSnapshot", IDEMPOTENT);
        ACTION_CALLS.put("ssm:SendCommand", CHECKED_FIRST);
        ACTION_CALLS.put("ec2:CreateImage", CHECKED_FIRST);
        ACTION_CALLS.put("ec2:RebootInstances", UNSAFE);
        ACTION_CALLS.put("lambda:Invoke", UNSAFE);
    }

    @Test
    void everyMutatingCallOfTheActionsIsClassifiedAsTheDocsSay() {
        ACTION_CALLS.forEach((call, kind) -> {
            String[] p = call.split(":");
            Repeats.Answer a = Repeats.of(p[0], p[1]);
            assertThat(a.kind()).as(call).isEqualTo(kind);
            assertThat(a.why()).as(call).isNotBlank();
        });
        assertThat(Repeats.of("ec2", "RunInstances").tokenMember()).contains("ClientToken");
        assertThat(Repeats.of("cloudformation", "CreateStack").tokenMember()).contains("ClientRequestToken");
        assertThat(Repeats.of("ssm", "StartAutomationExecution").tokenMember()).contains("ClientToken");
        assertThat(Repeats.of("elbv2", "DescribeTargetHealth").kind()).isEqualTo(READ);
        assertThat(Repeats.of("sqs", "SendMessage").why()).contains("sends it again");
    }

    @Test
    void tokensAreStableAndInTheFormEachServiceAccepts() {
        String shortToken = "0b5a8d2e-1c3f-4a7b-9e6d-5f4c3b2a1908:Launch:1:1";
        String longToken = "0b5a8d2e-1c3f-4a7b-9e6d-5f4c3b2a1908:LaunchTheReplacementInstances:1:1";

        assertThat(IdempotencyTokens.of("ec2", shortToken)).as("short enough: the journal token itself").isEqualTo(shortToken);
        assertThat(IdempotencyTokens.of("ec2", longToken)).hasSize(57).matches("fleetops-[0-9a-f]{48}")
                .isEqualTo(IdempotencyTokens.of("ec2", longToken)).isNotEqualTo(IdempotencyTokens.of("ec2", longToken + "#2"));
        assertThat(IdempotencyTokens.of("ssm", shortToken)).as("SSM enforces the UUID format")
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .isEqualTo(IdempotencyTokens.of("ssm", shortToken));
        assertThat(IdempotencyTokens.of("cloudformation", shortToken)).matches("[a-zA-Z][-a-zA-Z0-9]*");
    }

    @Test
    void executeAwsApiGivesStartAutomationExecutionAUuidClientTokenAndKeepsOneTheDocumentGives() {
        World world = new World();
        // the simulator does not model SSM Automation itself: the request as sent is what matters here
        World.Attempt derived = world.attempt(new ExecuteAwsApi(), """
                Service: ssm
                Api: StartAutomationExecution
                DocumentName: AWS-RestartEC2Instance
                """, Duration.ofSeconds(25));
        assertThat(derived.ctx().requests.get(0).path("ClientToken").asText())
                .isEqualTo(IdempotencyTokens.of("ssm", derived.ctx().executionId() + ":Step:1:1"));

        World.Attempt given = world.attempt(new ExecuteAwsApi(), """
                Service: ssm
                Api: StartAutomationExecution
                DocumentName: AWS-RestartEC2Instance
                ClientToken: 5d1c6e8a-0f2b-4c3d-9e8f-7a6b5c4d3e2f
                """, Duration.ofSeconds(25));
        assertThat(given.ctx().requests.get(0).path("ClientToken").asText()).isEqualTo("5d1c6e8a-0f2b-4c3d-9e8f-7a6b5c4d3e2f");
    }

    @Test
    void sendMessageToAFifoQueueCarriesADeduplicationIdFromItsJournalTokenAndToAStandardQueueNone() {
        String fifo = "https://sqs.us-east-1.amazonaws.com/123456789012/effects.fifo";
        assertThat(Repeats.of("sqs", "SendMessage", World.inputs("QueueUrl: " + fifo)).kind()).isEqualTo(TOKEN);
        assertThat(Repeats.of("sqs", "SendMessage", World.inputs("QueueUrl: " + fifo)).tokenMember())
                .contains("MessageDeduplicationId");
        assertThat(Repeats.of("sqs", "SendMessage", World.inputs("QueueUrl: https://q/effects")).kind()).isEqualTo(UNSAFE);

        World world = new World();
        // the request as sent is what matters: SQS deduplicates on it (the simulator has no SQS queue of that name)
        World.Attempt derived = world.attempt(new ExecuteAwsApi(), """
                Service: sqs
                Api: SendMessage
                QueueUrl: %s
                MessageBody: chaos-1
                MessageGroupId: chaos-1
                """.formatted(fifo), Duration.ofSeconds(25));
        String token = derived.ctx().executionId() + ":Step:1:1";
        assertThat(derived.ctx().requests.get(0).path("MessageDeduplicationId").asText())
                .isEqualTo(token).isEqualTo(IdempotencyTokens.of("sqs", token));

        World.Attempt given = world.attempt(new ExecuteAwsApi(), """
                Service: sqs
                Api: SendMessage
                QueueUrl: %s
                MessageBody: chaos-1
                MessageGroupId: chaos-1
                MessageDeduplicationId: mine
                """.formatted(fifo), Duration.ofSeconds(25));
        assertThat(given.ctx().requests.get(0).path("MessageDeduplicationId").asText()).isEqualTo("mine");

        World.Attempt standard = world.attempt(new ExecuteAwsApi(), """
                Service: sqs
                Api: SendMessage
                QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/effects
                MessageBody: chaos-1
                """, Duration.ofSeconds(25));
        assertThat(standard.ctx().requests.get(0).has("MessageDeduplicationId")).isFalse();
        assertThat(IdempotencyTokens.of("sqs", "x".repeat(129))).matches("fleetops-[0-9a-f]{48}");
    }

    @Test
    void sendMessageBatchToAFifoQueueGivesEachEntryADeduplicationIdFromTheJournalTokenAndItsId() {
        String fifo = "https://sqs.us-east-1.amazonaws.com/123456789012/effects.fifo";
        assertThat(Repeats.of("sqs", "SendMessageBatch", World.inputs("QueueUrl: " + fifo)).kind()).isEqualTo(TOKEN);
        assertThat(Repeats.of("sqs", "SendMessageBatch", World.inputs("QueueUrl: https://q/effects")).kind()).isEqualTo(UNSAFE);

        World world = new World();
        World.Attempt batch = world.attempt(new ExecuteAwsApi(), """
                Service: sqs
                Api: SendMessageBatch
                QueueUrl: %s
                Entries:
                  - {Id: a, MessageBody: chaos-1, MessageGroupId: chaos-1}
                  - {Id: b, MessageBody: chaos-2, MessageGroupId: chaos-2}
                  - {Id: c, MessageBody: chaos-3, MessageGroupId: chaos-3, MessageDeduplicationId: mine}
                """.formatted(fifo), Duration.ofSeconds(25));
        String token = batch.ctx().executionId() + ":Step:1:1";
        var entries = batch.ctx().requests.get(0).path("Entries");
        assertThat(entries.get(0).path("MessageDeduplicationId").asText()).isEqualTo(token + ":a")
                .isEqualTo(IdempotencyTokens.of("sqs", token + ":a"));
        assertThat(entries.get(1).path("MessageDeduplicationId").asText()).isEqualTo(token + ":b");
        assertThat(entries.get(2).path("MessageDeduplicationId").asText()).as("the document's own is kept").isEqualTo("mine");

        World.Attempt standard = world.attempt(new ExecuteAwsApi(), """
                Service: sqs
                Api: SendMessageBatch
                QueueUrl: https://sqs.us-east-1.amazonaws.com/123456789012/effects
                Entries:
                  - {Id: a, MessageBody: chaos-1}
                """, Duration.ofSeconds(25));
        assertThat(standard.ctx().requests.get(0).path("Entries").get(0).has("MessageDeduplicationId")).isFalse();
    }

    @Test
    void aReenteredRunCommandFollowsTheCommandItsInterruptedAttemptSent() {
        World world = new World(dev.fleetops.sim.config.FaultPlan.none(), World.model("uptime", World.run(0, 5, "up 3 days")));
        String instance = world.launch(1).get(0);
        String yaml = """
                DocumentName: AWS-RunShellScript
                InstanceIds: [%s]
                Parameters: {commands: [uptime]}
                """.formatted(instance);
        World.Attempt first = world.attempt(new RunCommand(), yaml, Duration.ofMinutes(5));
        first.succeeded();

        // the same attempt again, as a recovered run re-enters it: its first call's intent is in the journal
        FakeContext again = new FakeContext(world.region.cloud(), World.inputs(yaml), Duration.ofMinutes(5), true);
        again.journaled.put(again.nextCallToken().journal(), world.region.scheduler().now().minus(Duration.ofMinutes(1)));
        var result = world.region.scheduler().await(new RunCommand().execute(again).toCompletableFuture(), Duration.ofMinutes(10));

        assertThat(again.calls).doesNotContain("ssm SendCommand");
        assertThat(result.outputs().get("CommandId").asText()).isEqualTo(first.output("CommandId"));
        assertThat(first.ctx().requests.get(0).path("Comment").asText()).startsWith("fleetops:").hasSize(41);
    }

    @Test
    void theUsersCommentIsKeptBesideTheMarkerWithinSendCommandsLimit() {
        String marker = "fleetops:" + "0".repeat(32);
        assertThat(RunCommand.comment("", marker)).isEqualTo(marker);
        assertThat(RunCommand.comment("nightly check", marker)).isEqualTo("nightly check " + marker);
        assertThat(RunCommand.comment("x".repeat(200), marker)).hasSize(RunCommand.COMMENT_MAX).endsWith(" " + marker);
    }
}
