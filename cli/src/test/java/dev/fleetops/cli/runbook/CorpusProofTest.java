package dev.fleetops.cli.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.session.Session;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS-owned documents from the corpus (copied unmodified to examples/corpus), run on the simulator and against
 * moto with the resulting instance states checked; AWS-PatchAsgInstance refused on the simulator with the reason.
 */
class CorpusProofTest {

    private static final Path CORPUS = Path.of("..", "examples", "corpus");
    private static final String SNS = "arn:aws:sns:us-east-1:123456789012:AutomationApprovals";

    @TempDir
    Path store;

    // ------------------------------------------------------------------ simulator, in-process

    @Test
    void stopStartRestartAndTerminateOnTheSimulator() {
        try (Session session = Session.open(new GlobalOptions())) {
            session.settle();
            RunbookSession runs = RunbookSession.open(session, CORPUS, store, true, null);
            String id = SimReferences.resolve(session, "InstanceId", "@instance:web:0");
            // out of its group first: Auto Scaling would replace a stopped member (it does on AWS too)
            session.await(session.cloud().autoScaling().detachInstances(b -> b.autoScalingGroupName("web").instanceIds(id)
                    .shouldDecrementDesiredCapacity(true)), Duration.ofMinutes(5));

            assertThat(run(runs, "AWS-StopEC2Instance", Map.of("InstanceId", List.of(id))).status()).isEqualTo(Status.Success);
            assertThat(state(session, id)).isEqualTo("stopped");

            ExecutionRecord start = run(runs, "AWS-StartEC2Instance", Map.of("InstanceId", List.of(id)));
            assertThat(start.status()).as(start.failureMessage().orElse("")).isEqualTo(Status.Success);
            assertThat(state(session, id)).isEqualTo("running");

            ExecutionRecord restart = run(runs, "AWS-RestartEC2Instance", Map.of("InstanceId", List.of(id)));
            assertThat(restart.status()).as(Json.pretty(restart)).isEqualTo(Status.Success);
            assertThat(restart.steps()).extracting(s -> s.stepName()).containsExactly("stopInstances", "startInstances");
            assertThat(state(session, id)).isEqualTo("running");

            ExecutionRecord terminate = run(runs, "AWS-TerminateEC2InstanceWithApproval", Map.of("InstanceId", List.of(id),
                    "Approvers", List.of("alice"), "SNSTopicArn", List.of(SNS)));
            assertThat(terminate.status()).isEqualTo(Status.Success);
            assertThat(terminate.steps().get(0).action()).isEqualTo("aws:approve");
            assertThat(state(session, id)).isEqualTo("terminated");
        }
    }

    @Test
    void terminateWithApprovalThroughTheCliNeedsApproveAll() throws Exception {
        CliRun r = CliRun.of("-o", "json", "run", "AWS-TerminateEC2InstanceWithApproval", "--docs", CORPUS.toString(),
                "-p", "InstanceId=@instance:web:1", "-p", "Approvers=alice", "-p", "SNSTopicArn=" + SNS, "--approve-all");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = Json.parse(r.out());
        assertThat(j.at("/AutomationExecution/AutomationExecutionStatus").asText()).isEqualTo("Success");
        assertThat(j.at("/AutomationExecution/StepExecutions/0/StepStatus").asText()).isEqualTo("Success");
    }

    @Test
    void theMostUsedCommandDocumentOfSchema12RunsThroughSendCommand() {
        CliRun r = CliRun.of("run", "AWS-RunShellScript", "--docs", CORPUS.toString(), "--targets", "@instance:web:0,@instance:web:1",
                "-p", "commands=echo hello");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("AWS-RunShellScript ").contains(": Success")
                .containsPattern("(?m)^      instance i-[0-9a-f]{17} +Success +exit 0");
    }

    @Test
    void patchAsgInstanceIsValidButNotRunnableOnTheSimulatorAndSaysWhy() {
        CliRun v = CliRun.of("validate", CORPUS.resolve("AWS-PatchAsgInstance.json").toString(),
                CORPUS.resolve("AWS-ASGEnterStandby.json").toString());
        assertThat(v.out()).contains("AWS-PatchAsgInstance.json: valid")
                .contains("AWS-ASGEnterStandby.json: valid, but not runnable on the simulator")
                .contains("aws:createStack does not run on the simulator: the simulator does not model CloudFormation")
                .contains("aws:invokeLambdaFunction does not run on the simulator: the simulator does not model Lambda");

        CliRun r = CliRun.of("run", "AWS-PatchAsgInstance", "--docs", CORPUS.toString(), "-p", "InstanceId=@instance:web:0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("AWS-PatchAsgInstance.json: the document cannot run here")
                .contains("step EnterStandby (AWS-PatchAsgInstance): its child document AWS-ASGEnterStandby cannot run on the"
                        + " simulator: action aws:createStack does not run on the simulator: the simulator does not model CloudFormation")
                .contains("aws:invokeLambdaFunction does not run on the simulator")
                .doesNotContain("[+00:"); // nothing ran
    }

    // ------------------------------------------------------------------ moto, through the CLI

    @Test
    void theSameDocumentsAgainstMoto() throws Exception {
        MotoServer moto = MotoServer.shared();
        var ec2 = moto.cloud().ec2();
        String id = ec2.runInstances(b -> b.imageId("ami-05448533fbe614dce").instanceType(InstanceType.T3_MICRO)
                .minCount(1).maxCount(1)).join().instances().get(0).instanceId();

        assertThat(motoRun("AWS-StopEC2Instance", "InstanceId=" + id)).isEqualTo("Success");
        assertThat(motoState(moto, id)).isEqualTo("stopped");
        assertThat(motoRun("AWS-StartEC2Instance", "InstanceId=" + id)).isEqualTo("Success");
        assertThat(motoState(moto, id)).isEqualTo("running");
        assertThat(motoRun("AWS-RestartEC2Instance", "InstanceId=" + id)).isEqualTo("Success");
        assertThat(motoState(moto, id)).isEqualTo("running");
        assertThat(motoRun("AWS-TerminateEC2InstanceWithApproval", "InstanceId=" + id, "Approvers=alice",
                "SNSTopicArn=" + SNS)).isEqualTo("Success");
        assertThat(motoState(moto, id)).isEqualTo("terminated");
    }

    private String motoRun(String document, String... params) throws Exception {
        MotoServer moto = MotoServer.shared();
        List<String> args = new java.util.ArrayList<>(List.of("--cloud", "aws", "--region", MotoServer.REGION,
                "--endpoint-url", moto.endpoint().toString(), "-o", "json", "run", document, "--docs", CORPUS.toString(),
                "--approve-all", "--store", store.toString()));
        for (String p : params) {
            args.add("-p");
            args.add(p);
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(document + ": " + r.err() + r.out()).isZero();
        return Json.parse(r.out()).at("/AutomationExecution/AutomationExecutionStatus").asText();
    }

    private static String motoState(MotoServer moto, String id) {
        return moto.cloud().ec2().describeInstances(b -> b.instanceIds(id)).join()
                .reservations().get(0).instances().get(0).state().nameAsString();
    }

    // ------------------------------------------------------------------ helpers

    private static ExecutionRecord run(RunbookSession runs, String document, Map<String, List<String>> parameters) {
        return runs.run(document, parameters, null, false).record();
    }

    private static String state(Session session, String id) {
        return session.await(session.cloud().ec2().describeInstances(b -> b.instanceIds(id)), Duration.ofMinutes(1))
                .reservations().get(0).instances().get(0).state().nameAsString();
    }
}
