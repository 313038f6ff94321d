package dev.fleetops.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** serve's log on the simulator: a Spot storm (three warned instances) tells its story line by line. */
class ServeLogTest {

    @TempDir
    Path dir;
    Path scenario;
    Path cfg;

    @BeforeEach
    void storm() throws Exception {
        String web = new String(ServeLogTest.class.getResourceAsStream("/scenarios/web.yaml").readAllBytes());
        scenario = dir.resolve("storm.yaml");
        Files.writeString(scenario, web.replace("    instanceType: t3.micro\n", "    instanceType: t3.micro\n    spot: true\n")
                + """
                faults:
                  spotInterruptions:
                    - {at: 5m, instance: {group: web, index: 0}, action: terminate}
                    - {at: 5m, instance: {group: web, index: 1}, action: terminate}
                    - {at: 5m, instance: {group: web, index: 2}, action: terminate}
                """);
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: on-spot
                    pattern: {source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning]}
                    handler: spot-interruption
                """);
        cfg = dir.resolve("serve.yaml");
        Files.writeString(cfg, "rules: rules.yaml\nbus: true\n");
    }

    private CliRun serve(String... more) {
        List<String> args = new ArrayList<>(List.of("serve", "--scenario", scenario.toString(), "--store",
                dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "10m"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void eachEffectIsOneTextLineWithInstanceActionOutcomeAndExecutionId() {
        CliRun r = serve();
        assertThat(r.exitCode()).as(r.err()).isZero();
        Pattern effect = Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z INFO  fleetops serve: rule on-spot: "
                + "(i-[0-9a-f]+) detached \\(event [^)]+\\) rule=on-spot eventId=\\S+ instance=(i-[0-9a-f]+) action=detached "
                + "outcome=done executionId=([0-9a-f-]{36})$");
        List<String> detached = new ArrayList<>();
        for (String line : r.err().lines().toList()) {
            Matcher m = effect.matcher(line);
            if (m.matches()) {
                assertThat(m.group(2)).isEqualTo(m.group(3));
                detached.add(m.group(2));
            }
        }
        assertThat(detached).as(r.err()).hasSize(3).doesNotHaveDuplicates();
        assertThat(r.err().lines().filter(l -> l.contains("handled: Success") && l.contains("outcome=Success")
                && l.contains("executionId="))).as(r.err()).hasSize(3);
    }

    @Test
    void jsonLinesCarryTheFieldsAsTheirOwnKeys() throws Exception {
        CliRun r = serve("--log-format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<JsonNode> effects = new ArrayList<>();
        List<JsonNode> handled = new ArrayList<>();
        for (String line : r.err().lines().toList()) {
            JsonNode o = Json.parse(line); // every line of stderr is one JSON object
            assertThat(o.path("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");
            assertThat(o.path("level").asText()).isIn("INFO", "WARN", "ERROR");
            assertThat(o.path("logger").asText()).isNotEmpty();
            assertThat(o.has("message")).isTrue();
            if ("detached".equals(o.path("action").asText())) effects.add(o);
            if (o.path("outcome").asText().equals("Success") && "spot-interruption".equals(o.path("action").asText())) handled.add(o);
        }
        assertThat(effects).hasSize(3);
        for (JsonNode e : effects) {
            assertThat(e.path("instance").asText()).startsWith("i-");
            assertThat(e.path("outcome").asText()).isEqualTo("done");
            assertThat(e.path("executionId").asText()).hasSize(36);
            assertThat(e.path("logger").asText()).isEqualTo("dev.fleetops.serve");
        }
        assertThat(handled).hasSize(3);
        assertThat(handled.stream().map(h -> h.path("executionId").asText()))
                .containsExactlyInAnyOrderElementsOf(effects.stream().map(e -> e.path("executionId").asText()).toList());
    }

    @Test
    void warnLevelHidesTheRoutineLines() {
        CliRun r = serve("--log-level", "warn");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("detached").doesNotContain(" INFO ");
    }

    /** --dry-run: each mutating call the handlers would make is a log line naming it and its instance; none is sent. */
    @Test
    void aDryRunLogsEachCallItWouldMakeAndDetachesNothing() {
        CliRun r = serve("--dry-run");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("dry run: no mutating call is sent");
        List<String> wouldDetach = r.err().lines().filter(l -> l.contains(" INFO  ") && l.contains("dry run: would DetachInstances (autoscaling)"))
                .toList();
        assertThat(wouldDetach).as(r.err()).hasSize(3);
        for (String line : wouldDetach) assertThat(line).containsPattern("InstanceIds=\\[i-[0-9a-f]+]").contains("AutoScalingGroupName=web");
        // nothing was sent: no effect line claims an instance was detached, each says it was a dry run
        assertThat(r.err().lines().filter(l -> l.contains("action=detached") && l.contains("outcome=done"))).as(r.err()).isEmpty();
        assertThat(r.err().lines().filter(l -> l.contains("detached (dry run: not sent)") && l.contains("outcome=dry-run"))).hasSize(3);
    }
}
