package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.time.VirtualScheduler;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** SSM over a fake EC2 on a virtual clock, with the helpers the tests share. */
final class SsmFixture {

    final VirtualScheduler scheduler = new VirtualScheduler();
    final SimContext ctx = SimContext.create(scheduler, 7, "us-east-1", "123456789012", Timings.defaults(),
            FaultPlan.none());
    final FakeInstances ec2 = new FakeInstances(scheduler);
    final SsmSim sim;
    final SsmAsyncClient ssm;

    SsmFixture(AgentModel.CommandModel... models) {
        ctx.timeline().record(true);
        sim = new SsmSim(ctx, ec2, new AgentModel(List.of(models), run(0, 1, "")));
        ssm = sim.client();
    }

    static AgentModel.Run run(int exit, int seconds, String output) {
        return new AgentModel.Run(exit, Duration.ofSeconds(seconds), output, Optional.empty());
    }

    static AgentModel.CommandModel model(String match, AgentModel.Run... runs) {
        return new AgentModel.CommandModel(match, Arrays.asList(runs));
    }

    /** Instances launched and left until their agents are online and their apps answer. */
    List<String> online(int n) {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) ids.add(ec2.launch());
        settle();
        return ids;
    }

    void settle() {
        scheduler.runFor(Duration.ofMinutes(1));
    }

    <T> T await(CompletableFuture<T> f) {
        return scheduler.await(f, Duration.ofMinutes(5));
    }

    AwsServiceException error(CompletableFuture<?> f) {
        scheduler.runUntil(f::isDone, Duration.ofMinutes(5));
        try {
            f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AwsServiceException a) return a;
            throw e;
        }
        return fail("expected an AWS error, got a response");
    }

    String shell(List<String> instanceIds, String... commands) {
        return await(ssm.sendCommand(SendCommandRequest.builder().documentName("AWS-RunShellScript")
                .instanceIds(instanceIds).parameters(Map.of("commands", List.of(commands))).build()))
                .command().commandId();
    }

    GetCommandInvocationResponse invocation(String commandId, String instanceId) {
        return await(ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(instanceId)));
    }

    GetCommandInvocationResponse invocation(String commandId, String instanceId, String plugin) {
        return await(ssm.getCommandInvocation(b -> b.commandId(commandId).instanceId(instanceId).pluginName(plugin)));
    }

    software.amazon.awssdk.services.ssm.model.Command command(String commandId) {
        return await(ssm.listCommands(b -> b.commandId(commandId))).commands().get(0);
    }

    /** Runs virtual time until the command has ended on every target. */
    software.amazon.awssdk.services.ssm.model.Command finish(String commandId) {
        for (int second = 0; second < 5 * 3600; second++) {
            var c = command(commandId);
            if (c.completedCount().equals(c.targetCount())) return c;
            scheduler.runFor(Duration.ofSeconds(1));
        }
        return fail("command " + commandId + " did not end within 5 hours");
    }

    static void assertCode(AwsServiceException e, String code) {
        assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
    }
}
