package dev.fleetops.sim.scenario;

import dev.fleetops.sim.config.AgentModel;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioReaderTest {

    @Test
    void webIsSeed004sSetup() {
        Scenario web = Scenarios.load("web", Map.of());

        assertThat(web.name()).isEqualTo("web");
        assertThat(web.source()).isEqualTo("builtin:web.yaml");
        assertThat(web.groups()).singleElement().satisfies(g -> {
            assertThat(g.name()).isEqualTo("web");
            assertThat(g.desired()).isEqualTo(3);
            assertThat(g.min()).isEqualTo(1);
            assertThat(g.max()).isEqualTo(6);
            assertThat(g.targetGroups()).containsExactly("web-tg");
            assertThat(g.healthCheckType()).as("EC2 checks: a maintenance reboot must not get the instance replaced").isEqualTo("EC2");
        });
        assertThat(web.targetGroups()).singleElement().satisfies(tg -> {
            assertThat(tg.name()).isEqualTo("web-tg");
            assertThat(tg.port()).isEqualTo(8080);
            assertThat(tg.healthCheck().interval()).isEqualTo(Duration.ofSeconds(6));
            assertThat(tg.healthCheck().healthyThreshold()).isEqualTo(2);
            assertThat(tg.healthCheck().unhealthyThreshold()).isEqualTo(2);
            assertThat(tg.deregistrationDelay()).isEqualTo(Duration.ofSeconds(300));
        });
        assertThat(web.loadBalancers()).singleElement().satisfies(lb -> {
            assertThat(lb.name()).isEqualTo("web-alb");
            assertThat(lb.listeners()).containsExactly(new Scenario.Listener(80, "HTTP", "web-tg"));
        });
        assertThat(web.timings().reboot()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void webAgentAnswersSeed004sScriptsAsTheArticleDescribes() {
        AgentModel agent = Scenarios.load("web", Map.of()).agent();
        String rebootScript = """
                flag_location=/home/ec2-user/REBOOT_STARTED
                if [! -f $flag_location]; then
                echo "Creating flag file at $flag_location"
                touch $flag_location
                echo "Reboot initiated"
                exit 194
                fi
                echo "Reboot finished, removing flag file at $flag_location"
                rm $flag_location
                """;
        String healthScript = """
                sleep 60
                if ! curl http://localhost:8080/; then
                exit 1
                fi
                """;

        AgentModel.CommandModel reboot = firstMatch(agent, rebootScript);
        assertThat(reboot.runs()).extracting(AgentModel.Run::exitCode).containsExactly(194, 0);

        AgentModel.CommandModel health = firstMatch(agent, healthScript);
        assertThat(health.runs()).singleElement().satisfies(r -> {
            assertThat(r.exitCode()).isZero();
            assertThat(r.duration()).isEqualTo(Duration.ofSeconds(60));
            assertThat(r.exitIfAppDown()).contains(1);
        });
    }

    private static AgentModel.CommandModel firstMatch(AgentModel agent, String script) {
        return agent.commands().stream().filter(c -> Pattern.compile(c.match()).matcher(script).find()).findFirst()
                .orElseThrow();
    }

    @Test
    void asgLaunchIsAGroupOfSizeInstancesWithSpreadTimings() {
        Scenario s = Scenarios.load("asg-launch", Map.of());

        assertThat(s.parameters()).containsEntry("size", "10");
        assertThat(s.groups()).singleElement().satisfies(g -> {
            assertThat(g.desired()).isEqualTo(10);
            assertThat(g.max()).isEqualTo(10);
        });
        assertThat(s.timings().jitter()).isEqualTo(0.5);
        assertThat(s.targetGroups()).isEmpty();
    }

    @Test
    void scenarioParamOverridesTheDefaultAndKeepsTheNumberType() {
        Scenario s = Scenarios.load("asg-launch", Map.of("size", "100"));

        assertThat(s.parameters()).containsEntry("size", "100");
        assertThat(s.groups().get(0).desired()).isEqualTo(100);
        assertThat(s.groups().get(0).max()).isEqualTo(100);
    }

    @Test
    void anOverrideIsValidatedWhereTheParameterIsUsed() {
        assertThatThrownBy(() -> Scenarios.load("web", Map.of("size", "7")))
                .isInstanceOf(InputError.class)
                .hasMessage("builtin:web.yaml:50:14: groups[0].desired: desired (7) must be from min (1) to max (6)");
        assertThatThrownBy(() -> Scenarios.load("web", Map.of("size", "three")))
                .hasMessage("builtin:web.yaml:50:14: groups[0].desired: expected an integer, got \"three\"");
    }

    @Test
    void anUnknownScenarioParamIsNamed() {
        assertThatThrownBy(() -> Scenarios.load("web", Map.of("count", "4")))
                .isInstanceOf(InputError.class)
                .hasMessage("builtin:web.yaml:7:1: parameters: unknown parameter 'count' given with "
                        + "--scenario-param; declared: size");
    }

    @Test
    void parametersSubstituteInsideLongerValuesAndDollarDollarEscapes() {
        Scenario s = ScenarioReader.read("p.yaml", """
                parameters:
                  env: prod
                  size: 2
                launchTemplates:
                  - name: app-${env}
                    userData: "echo $${HOME} ${env}"
                groups:
                  - {name: "${env}-web", launchTemplate: app-prod, min: 0, max: "${size}"}
                """, Map.of("env", "prod"));

        assertThat(s.launchTemplates().get(0).name()).isEqualTo("app-prod");
        assertThat(s.launchTemplates().get(0).userData()).contains("echo ${HOME} prod");
        assertThat(s.groups().get(0).name()).isEqualTo("prod-web");
        assertThat(s.groups().get(0).max()).isEqualTo(2);
        assertThat(s.groups().get(0).desired()).isZero();
    }

    @Test
    void unknownNameIsABuiltinListingError() {
        assertThatThrownBy(() -> Scenarios.load("webb", Map.of()))
                .isInstanceOf(InputError.class)
                .hasMessage("webb: no such scenario file, nor a built-in scenario of that name (did you mean 'web'?); "
                        + "built-ins: web, asg-launch");
    }

    @Test
    void aFileWinsOverABuiltinName() {
        Path full = Path.of("src/test/resources/scenarios/full.yaml");
        assertThat(Scenarios.load(full.toString(), Map.of()).name()).isEqualTo("full");
    }

    @Test
    void everySectionRoundTripsIntoTheRecords() {
        Scenario s = Scenarios.load("src/test/resources/scenarios/full.yaml", Map.of("size", "3"));

        assertThat(s.name()).isEqualTo("full");
        assertThat(s.description()).isEqualTo("everything a scenario can say");
        assertThat(s.parameters()).containsExactly(Map.entry("size", "3"), Map.entry("zone", "us-west-2b"));
        assertThat(s.region()).isEqualTo("us-west-2");
        assertThat(s.accountId()).isEqualTo("000123456789");
        assertThat(s.start()).isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
        assertThat(s.seed()).isEqualTo(7);
        assertThat(s.timings()).isEqualTo(new Timings(Duration.ofSeconds(20), Duration.ofSeconds(5),
                Duration.ofSeconds(90), Duration.ofSeconds(15), Duration.ofSeconds(45), Duration.ofSeconds(10),
                Duration.ofMinutes(2), 0.25));
        assertThat(s.launchTemplates()).containsExactly(new Scenario.LaunchTemplate("app", "ami-0abcdef1234567890",
                "m5.large", "linux", true, Optional.of("#!/bin/bash\necho ${HOME}"), Map.of("team", "core")));
        assertThat(s.targetGroups()).containsExactly(
                new Scenario.TargetGroup("app-tg", "HTTP", 8080, new Scenario.HealthCheck("HTTP", "/", "8081",
                        Duration.ofSeconds(10), Duration.ofSeconds(4), 3, 4, "200-299"), Duration.ofSeconds(30)),
                new Scenario.TargetGroup("admin-tg", "HTTP", 9000, Scenario.HealthCheck.defaults(),
                        Duration.ofSeconds(300)));
        assertThat(s.loadBalancers()).containsExactly(new Scenario.LoadBalancer("app-alb", List.of(
                new Scenario.Listener(80, "HTTP", "app-tg"), new Scenario.Listener(9000, "HTTP", "admin-tg"))));
        assertThat(s.groups()).containsExactly(new Scenario.Group("app", "app", 1, 4, 3, List.of("app-tg"),
                List.of("us-west-2a", "us-west-2b"), true, "ELB", Duration.ofMinutes(2), List.of(
                        new Scenario.LifecycleHook("warm-up", "autoscaling:EC2_INSTANCE_LAUNCHING",
                                Duration.ofMinutes(5), "CONTINUE"),
                        new Scenario.LifecycleHook("drain", "autoscaling:EC2_INSTANCE_TERMINATING",
                                Duration.ofHours(1), "ABANDON")),
                Map.of("Name", "app-node")));
        assertThat(s.instances()).containsExactly(new Scenario.Instance("bastion", "app", Optional.of("us-west-2b"),
                List.of("admin-tg"), Map.of("role", "bastion")));
        assertThat(s.hostedZones()).containsExactly(new Scenario.HostedZone("example.com", List.of(
                new Scenario.RecordSet("www.example.com", "A", 60, List.of("10.0.0.1", "10.0.0.2")),
                new Scenario.RecordSet("api.example.com", "CNAME", 300, List.of("app-alb.example.net")))));
        assertThat(s.queues()).containsExactly(
                new Scenario.Queue("events", Duration.ofSeconds(45), Duration.ofDays(4),
                        Optional.of(new Scenario.DeadLetter("events-dlq", 3))),
                new Scenario.Queue("events-dlq", Duration.ofSeconds(30), Duration.ofDays(14), Optional.empty()));
        assertThat(s.rules()).extracting(Scenario.Rule::name, Scenario.Rule::queue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("terminated", "events"),
                        org.assertj.core.groups.Tuple.tuple("spot", "events"));
        assertThat(s.rules().get(0).pattern()).isEqualTo("{\"source\":[\"aws.ec2\"],\"detail-type\":"
                + "[\"EC2 Instance State-change Notification\"],\"detail\":{\"state\":[\"terminated\"]}}");
        assertThat(s.agent()).isEqualTo(new AgentModel(List.of(new AgentModel.CommandModel("yum (update|upgrade)",
                List.of(new AgentModel.Run(194, Duration.ofMinutes(2), "updated", Optional.empty()),
                        new AgentModel.Run(0, Duration.ofSeconds(1), "", Optional.empty())))),
                new AgentModel.Run(0, Duration.ofSeconds(2), "ok", Optional.empty())));
        assertThat(s.faults()).isEqualTo(new FaultPlan(true, List.of(
                new FaultPlan.ApiFault("ec2", "DescribeInstances", Optional.of("RequestLimitExceeded"), 0.1,
                        Duration.ofMillis(200), Duration.ZERO, Optional.empty()),
                new FaultPlan.ApiFault("autoscaling", "*", Optional.empty(), 1, Duration.ofSeconds(1),
                        Duration.ofMinutes(1), Optional.of(Duration.ofMinutes(5)))),
                List.of(new FaultPlan.InstanceRef(Optional.of("app"), 0, Optional.empty()),
                        new FaultPlan.InstanceRef(Optional.empty(), 0, Optional.of("bastion"))),
                0.05,
                List.of(new FaultPlan.SpotInterruption(Duration.ofMinutes(10),
                        new FaultPlan.InstanceRef(Optional.empty(), 0, Optional.of("app-node")), "stop")),
                0.5,
                List.of(new FaultPlan.ScheduledEvent(Duration.ofMinutes(30),
                                new FaultPlan.InstanceRef(Optional.of("app"), 1, Optional.empty()), "system-reboot", Duration.ofHours(6)),
                        new FaultPlan.ScheduledEvent(Duration.ofHours(1),
                                new FaultPlan.InstanceRef(Optional.empty(), 0, Optional.of("bastion")), "instance-retirement",
                                Duration.ofHours(2)))));
    }

    @Test
    void aMinimalScenarioGetsAwsDefaults() {
        Scenario s = ScenarioReader.read("min.yaml", """
                targetGroups:
                  - {name: tg, port: 80}
                """, Map.of());

        assertThat(s.name()).isEqualTo("min");
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.timings()).isEqualTo(Timings.defaults());
        assertThat(s.faults()).isEqualTo(FaultPlan.none());
        assertThat(s.agent()).isEqualTo(AgentModel.defaults());
        assertThat(s.targetGroups().get(0).healthCheck()).isEqualTo(Scenario.HealthCheck.defaults());
        assertThat(s.targetGroups().get(0).deregistrationDelay()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void scenarioParamFlagsBecomeOverrides() {
        assertThat(Scenarios.params(List.of("size=100", "env=a=b", "size=5")))
                .containsExactly(Map.entry("size", "5"), Map.entry("env", "a=b"));
        assertThatThrownBy(() -> Scenarios.params(List.of("size")))
                .isInstanceOf(InputError.class)
                .hasMessage("--scenario-param: expected NAME=VALUE, got 'size'");
    }
}
