package dev.fleetops.cli.wait;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetops wait first-ready} on the simulator: the built-in asg-launch scenario and the examples. */
class FirstReadyCommandTest {

    static final String EXAMPLES = example("examples/first-ready");

    static String example(String dir) {
        Path p = Path.of(dir);
        return Files.isDirectory(p) ? dir : "../" + dir; // run from the module or from the root
    }

    static JsonNode json(CliRun r) throws Exception {
        return Json.parse(r.out());
    }

    @Test
    void findsTheFirstReadyInstanceOfTheLaunchedGroup() throws Exception {
        CliRun r = CliRun.of("--scenario", "asg-launch", "--scenario-param", "size=150", "wait", "first-ready",
                "--asg", "asg-launch", "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = json(r);
        assertThat(j.get("Status").asText()).isEqualTo("READY");
        String winner = j.get("Winner").asText();
        assertThat(winner).matches("i-[0-9a-f]{17}");
        assertThat(j.get("Instances")).hasSize(150);
        List<String> readyIds = new ArrayList<>();
        j.get("Instances").forEach(i -> {
            if (i.get("Verdict").asText().equals("success")) readyIds.add(i.get("InstanceId").asText());
        });
        assertThat(readyIds).contains(winner);
        // every round is a full round of 150 instances: 2 calls each
        assertThat(j.at("/ApiCalls/ec2:DescribeInstanceStatus").asInt()).isEqualTo(2 * j.get("PollRounds").asInt());
        assertThat(j.at("/ApiCalls/autoscaling:DescribeAutoScalingGroups").asInt()).isEqualTo(1);
        assertThat(j.get("Command").isNull()).isTrue();
        assertThat(r.err()).contains("watching 150 instances of asg-launch (2 DescribeInstanceStatus call(s) per round")
                .contains("ready: " + winner);
    }

    @Test
    void failsFastWithExitOneWhenNoInstanceCanPass() {
        CliRun r = CliRun.of("--scenario", EXAMPLES + "/asg-launch-impaired.yaml", "wait", "first-ready",
                "--asg", "asg-launch", "--timeout", "1h");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).startsWith("no instance became ready: no instance can pass any more: ");
        assertThat(r.out()).doesNotContain("winner");
    }

    @Test
    void setsUpTheWinnerAndTerminatesTheOthers() throws Exception {
        CliRun r = CliRun.of("--scenario", EXAMPLES + "/asg-launch-setup.yaml", "wait", "first-ready",
                "--asg", "asg-launch", "--then-command", "install-app --version 2", "--on-losers", "terminate",
                "-o", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode j = json(r);
        assertThat(j.get("Message").asText()).endsWith(" is ready and its setup succeeded");
        assertThat(j.get("TerminatedLosers")).hasSize(19);
        assertThat(j.at("/Command/InstanceId").asText()).isEqualTo(j.get("Winner").asText());
        assertThat(j.at("/Command/Status").asText()).isEqualTo("Success");
        assertThat(j.at("/Command/StandardOutputContent").asText()).isEqualTo("installed app v2");
        assertThat(j.at("/ApiCalls/ec2:TerminateInstances").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedSetupIsExitOneWithTheScriptsExitCode() {
        CliRun r = CliRun.of("--scenario", EXAMPLES + "/asg-launch-setup.yaml", "wait", "first-ready",
                "--asg", "asg-launch", "--then-command", "broken");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("is ready, but its setup ended Failed (exit code 3)").contains("| step 2 failed");
    }

    @Test
    void usageMistakesAreExitTwoWithAMessageAndNoStackTrace() {
        assertUsage(CliRun.of("--scenario", "asg-launch", "wait", "first-ready", "--asg", "asg-lunch"),
                "fleetops: no Auto Scaling group named 'asg-lunch'");
        assertUsage(CliRun.of("wait", "first-ready", "--asg", "web", "--then-command", "x", "--then-document", "D"),
                "fleetops: --then-command and --then-document exclude each other: give one");
        assertUsage(CliRun.of("wait", "first-ready", "--asg", "web", "-p", "a=b"),
                "fleetops: -p NAME=VALUE goes with --then-document");
        assertUsage(CliRun.of("wait", "first-ready", "--asg", "web", "--checks", "instance,sytem"),
                "fleetops: --checks: unknown check 'sytem': expected instance, system, or none");
        assertUsage(CliRun.of("wait", "first-ready", "--asg", "web", "--then-document", "D", "-p", "novalue"),
                "fleetops: -p takes NAME=VALUE");
        assertUsage(CliRun.of("wait", "first-ready", "--asg", "web", "--timeout", "soon"),
                "fleetops: Invalid value for option '--timeout'");
        assertUsage(CliRun.of("wait", "first-ready"), "fleetops: Missing required option: '--asg=NAME'");
        assertUsage(CliRun.of("wait", "first-ready", "--asg", "web", "--on-losers", "stop"),
                "fleetops: Invalid value for option '--on-losers'");
    }

    private static void assertUsage(CliRun r, String firstLine) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith(firstLine).doesNotContain("\tat ");
    }

    @Test
    void helpTeachesWithExamples() {
        CliRun r = CliRun.of("wait", "first-ready", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--asg=NAME").contains("--on-losers=keep|terminate").contains("Examples:")
                .contains("fleetops wait first-ready --asg asg-launch --scenario asg-launch");
    }
}
