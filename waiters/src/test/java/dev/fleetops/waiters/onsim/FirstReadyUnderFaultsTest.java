package dev.fleetops.waiters.onsim;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.waiters.firstready.FirstReady;
import dev.fleetops.waiters.firstready.FirstReadyResult;
import dev.fleetops.waiters.firstready.Setup;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 000's wait on the built-in asg-launch scenario with 30 % of the EC2 and Auto Scaling calls answered with
 * throttling, and separately with a 5xx: a throttled or failed poll is polled again, never the end of the wait.
 */
class FirstReadyUnderFaultsTest {

    static final int SEEDS = 20;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "30 % {0} / {1}")
    @CsvSource({"RequestLimitExceeded, Throttling", "InternalError, InternalFailure"})
    void firstReadySucceedsOnEverySeed(String ec2Error, String autoScalingError) throws Exception {
        Path scenario = dir.resolve("asg-launch-faults.yaml");
        Files.writeString(scenario, Scenarios.builtinText("asg-launch")
                .replaceFirst("(?m)^name: asg-launch$", "name: asg-launch-faults") + """

                faults:
                  api:
                    - {service: ec2, operation: "*", error: %s, rate: 0.3}
                    - {service: autoscaling, operation: "*", error: %s, rate: 0.3}
                """.formatted(ec2Error, autoScalingError));
        List<String> failed = new ArrayList<>();
        long rejected = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            SimRegion region = Scenarios.start(Scenarios.load(scenario.toString(), Map.of()), seed);
            FirstReady f = FirstReady.start(region.cloud(), new Random(seed),
                    FirstReady.Request.of("asg-launch", Duration.ofMinutes(15)), p -> { });
            FirstReadyResult r = region.scheduler().await(f.result(), Duration.ofHours(1));
            if (r.status() != FirstReadyResult.Status.READY) failed.add("seed " + seed + ": " + r.message());
            rejected += region.context().gate().rejected().values().stream().mapToLong(Long::longValue).sum();
        }
        assertThat(rejected).as("faults were injected").isPositive();
        assertThat(failed).as("failed waits out of " + SEEDS).isEmpty();
    }

    /**
     * The setup on the winner (SendCommand, then GetCommandInvocation until it ends) with 30 % of the SSM calls
     * faulted besides EC2 and Auto Scaling: every seed ends READY with its setup done, and the command was sent
     * once (a SendCommand whose 5xx leaves its outcome unknown is looked up by its marker, not sent again blindly).
     */
    @ParameterizedTest(name = "30 % {0} / {1} / {2}, with a setup")
    @CsvSource({"RequestLimitExceeded, Throttling, ThrottlingException", "InternalError, InternalFailure, InternalServerError"})
    void theSetupOnTheWinnerSucceedsOnEverySeedAndIsSentOnce(String ec2Error, String autoScalingError, String ssmError)
            throws Exception {
        Path scenario = dir.resolve("asg-launch-ssm-faults.yaml");
        Files.writeString(scenario, Scenarios.builtinText("asg-launch")
                .replaceFirst("(?m)^name: asg-launch$", "name: asg-launch-ssm-faults") + """

                faults:
                  api:
                    - {service: ec2, operation: "*", error: %s, rate: 0.3}
                    - {service: autoscaling, operation: "*", error: %s, rate: 0.3}
                    - {service: ssm, operation: "*", error: %s, rate: 0.3}
                """.formatted(ec2Error, autoScalingError, ssmError));
        List<String> failed = new ArrayList<>();
        long ssmRejected = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            SimRegion region = Scenarios.start(Scenarios.load(scenario.toString(), Map.of()), seed);
            FirstReady f = FirstReady.start(region.cloud(), new Random(seed),
                    FirstReady.Request.of("asg-launch", Duration.ofMinutes(15)).withSetup(new Setup.Script("install-app")),
                    p -> { });
            FirstReadyResult r = region.scheduler().await(f.result(), Duration.ofHours(1));
            if (r.status() != FirstReadyResult.Status.READY) {
                failed.add("seed " + seed + ": " + r.message());
                continue;
            }
            assertThat(r.command().status()).as("seed %d: the setup", seed).isEqualTo("Success");
            int sent = region.scheduler().await(region.context().gate().backstage(() -> region.cloud().ssm()
                    .listCommands(b -> b.instanceId(r.winner()))), Duration.ofMinutes(1)).commands().size();
            assertThat(sent).as("seed %d: one setup command on the winner", seed).isEqualTo(1);
            ssmRejected += region.context().gate().rejected().entrySet().stream().filter(e -> e.getKey().startsWith("ssm:"))
                    .mapToLong(Map.Entry::getValue).sum();
        }
        assertThat(ssmRejected).as("SSM calls were faulted").isPositive();
        assertThat(failed).as("failed waits out of " + SEEDS).isEmpty();
    }
}
