package dev.fleetops.runbook.onsim;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.sim.SimRegion;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 004's graceful reboot with 30 % of its SSM calls (the child's aws:runCommand steps: SendCommand,
 * ListCommandInvocations, GetCommandInvocation, ListCommands) answered with throttling, and separately with a 5xx,
 * and nothing else faulted: the SSM calls are retried below the steps as the EC2 and ELBv2 ones are, every seed
 * succeeds, and each of the child's two commands is sent once (a SendCommand whose 5xx leaves its outcome unknown
 * is looked up by its marker, not sent again blindly).
 */
class SsmThrottlingTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "30 % {0} on SSM")
    @ValueSource(strings = {"ThrottlingException", "InternalServerError"})
    void everySeedSucceedsAndEachCommandIsSentOnce(String error) throws Exception {
        GracefulRebootUnderFaultsTest graceful = new GracefulRebootUnderFaultsTest();
        graceful.dir = dir;
        String faults = """

                faults:
                  api:
                    - {service: ssm, operation: "*", error: %s, rate: 0.3}
                """.formatted(error);
        List<String> failed = new ArrayList<>();
        long ssmRejected = 0;
        for (long seed = 1; seed <= GracefulRebootUnderFaultsTest.SEEDS; seed++) {
            SimRegion region = graceful.web(faults, seed);
            String instance = GracefulRebootUnderFaultsTest.instances(region).get(0);
            ExecutionRecord run = graceful.run(region, instance, GracefulRebootUnderFaultsTest.targetGroup(region));
            if (run.status() != Status.Success) failed.add("seed " + seed + ": " + GracefulRebootUnderFaultsTest.why(run));
            assertThat(GracefulRebootUnderFaultsTest.membership(region)).as("seed %d: every instance in service", seed)
                    .hasSize(3).containsOnly("healthy");
            assertThat(region.context().gate().rejected()).as("seed %d: only SSM is faulted", seed)
                    .allSatisfy((call, n) -> assertThat(call).startsWith("ssm:"));
            ssmRejected += region.context().gate().rejected().values().stream().mapToLong(Long::longValue).sum();
            int commands = GracefulRebootUnderFaultsTest.backstage(region, () -> region.cloud().ssm()
                    .listCommands(b -> b.instanceId(instance))).commands().size();
            assertThat(commands).as("seed %d: the child's two aws:runCommand steps, one command each", seed).isEqualTo(2);
        }
        assertThat(ssmRejected).as("SSM calls were faulted").isPositive();
        assertThat(failed).as("failed runs out of " + GracefulRebootUnderFaultsTest.SEEDS).isEmpty();
    }
}
