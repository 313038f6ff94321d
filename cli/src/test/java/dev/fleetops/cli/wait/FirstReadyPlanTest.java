package dev.fleetops.cli.wait;

import dev.fleetops.cli.CliRun;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.session.Session;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.waiters.firstready.FirstReady;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * first-ready checks its whole plan before it touches an instance: a setup document that does not exist, cannot run
 * there or does not take the given parameters is exit 2, with zero mutating calls at the simulator's API gate.
 */
class FirstReadyPlanTest {

    static final String SETUP = FirstReadyCommandTest.EXAMPLES + "/asg-launch-setup.yaml";

    @Test
    void aMistypedSetupDocumentTerminatesNothing() {
        SimRegion region = Scenarios.start(Scenarios.load(SETUP, Map.of()));
        FirstReadyCommand command = command("TYPO");

        assertThatThrownBy(() -> run(command, region))
                .isInstanceOf(UsageError.class)
                .hasMessage("--then-document TYPO: no such document in SSM (DescribeDocument); nothing was changed");
        assertThat(region.context().gate().calls("ec2", "TerminateInstances")).isZero();
        assertThat(region.context().gate().calls("ssm", "SendCommand")).isZero();
        assertThat(region.context().gate().calls().keySet()).containsExactly("ssm:DescribeDocument");
    }

    @Test
    void parametersTheDocumentDoesNotDeclareOrRequiresAreRefusedBeforeAnyInstanceIsTouched() {
        SimRegion region = Scenarios.start(Scenarios.load(SETUP, Map.of()));

        FirstReadyCommand unknown = command("AWS-RunShellScript");
        unknown.parameters.add("comands=install-app");
        assertThatThrownBy(() -> run(unknown, region)).isInstanceOf(UsageError.class)
                .hasMessageStartingWith("--then-document AWS-RunShellScript: -p comands: the document declares no "
                        + "such parameter (it has: commands, workingDirectory, executionTimeout)")
                .hasMessageContaining("parameter commands is required (no default): give -p commands=VALUE");
        assertThat(region.context().gate().calls("ec2", "TerminateInstances")).isZero();
    }

    @Test
    void aGoodSetupDocumentPassesTheCheckAndRunsOnTheWinner() {
        SimRegion region = Scenarios.start(Scenarios.load(SETUP, Map.of()));
        FirstReadyCommand command = command("AWS-RunShellScript");
        command.parameters.add("commands=install-app --version 2");

        assertThat(run(command, region)).isZero();
        assertThat(region.context().gate().calls("ec2", "TerminateInstances")).isEqualTo(1);
        assertThat(region.context().gate().calls("ssm", "SendCommand")).isEqualTo(1);
    }

    @Test
    void onTheCommandLineItIsExitTwoWithTheMessage() {
        CliRun r = CliRun.of("--scenario", SETUP, "wait", "first-ready", "--asg", "asg-launch",
                "--on-losers", "terminate", "--then-document", "TYPO");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("fleetops: --then-document TYPO: no such document in SSM (DescribeDocument); "
                + "nothing was changed" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    private static FirstReadyCommand command(String document) {
        FirstReadyCommand c = new FirstReadyCommand();
        c.group = "asg-launch";
        c.thenDocument = document;
        c.onLosers = FirstReady.OnLosers.TERMINATE;
        return c;
    }

    private static int run(FirstReadyCommand c, SimRegion region) {
        PrintWriter sink = new PrintWriter(new StringWriter(), true);
        try (Session session = Session.on(region)) {
            return c.run(session, new GlobalOptions(), c.request(), sink, sink);
        }
    }
}
