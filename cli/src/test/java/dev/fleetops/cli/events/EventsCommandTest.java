package dev.fleetops.cli.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.CliRun;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EventsCommandTest {

    static final Path EXAMPLES = Path.of("..", "examples", "events");
    static final String RULES = EXAMPLES.resolve("rules.yaml").toString();
    /** The web scenario's Auto Scaling group: three instances. */
    static final int WEB_DESIRED = 3;

    @Test
    void theAwsSampleSpotWarningIsHandledOnASimulatorInstanceWithItsPlaceholdersNoted() throws Exception {
        CliRun r = CliRun.of("events", "handle", EXAMPLES.resolve("spot-warning.json").toString(), "--rules", RULES,
                "--instance", "first", "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode e = Json.parse(r.out()).path("Events").get(0);
        assertThat(e.path("Rules").toString()).isEqualTo("[\"spot-interruption\"]");
        assertThat(e.path("Event").path("instance-id").asText()).startsWith("i-").isNotEqualTo("i-1234567890abcdef0");
        assertThat(e.path("Event").path("notes")).hasSize(2);
        JsonNode record = e.path("Records").get(0);
        assertThat(record.path("Status").asText()).isEqualTo("Success");
        assertThat(record.path("Handler").asText()).isEqualTo("log");
        assertThat(record.path("Deadline").asText()).isNotEmpty();
    }

    @Test
    void theSpotHandlerDetachesTheWarnedInstanceWithoutDecrementingTheGroup(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - name: spot
                    pattern:
                      source: [aws.ec2]
                      detail-type: [EC2 Spot Instance Interruption Warning]
                    handler: spot-interruption
                """);
        CliRun r = CliRun.of("events", "handle", EXAMPLES.resolve("spot-warning.json").toString(), "--rules",
                rules.toString(), "--instance", "first", "--settle", "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode out = Json.parse(r.out());
        JsonNode event = out.path("Events").get(0);
        String victim = event.path("Event").path("instance-id").asText();
        JsonNode record = event.path("Records").get(0);
        assertThat(record.path("Handler").asText()).isEqualTo("spot-interruption");
        assertThat(record.path("Status").asText()).isEqualTo("Success");
        // What a user checks afterwards (DescribeAutoScalingGroups / DescribeAutoScalingInstances): the instance
        // has left the group, and the group's desired capacity is what it was, so Auto Scaling replaced it.
        JsonNode group = out.path("Region").path("AutoScalingGroups").get(0);
        List<String> members = new ArrayList<>();
        group.path("Instances").forEach(i -> members.add(i.path("InstanceId").asText()));
        assertThat(members).as("the group's instances").doesNotContain(victim);
        assertThat(group.path("DesiredCapacity").asInt()).isEqualTo(WEB_DESIRED);
        assertThat(members).hasSize(WEB_DESIRED);
    }

    @Test
    void replayShowsIdempotencyTheTestNotificationAndARejectedLine() {
        CliRun r = CliRun.of("events", "replay", EXAMPLES.resolve("interruption.jsonl").toString(), "--rules", RULES);
        assertThat(r.exitCode()).as("a line that is not an event is the input's fault").isEqualTo(2);
        assertThat(r.out()).contains("interruption.jsonl:3: acknowledged and dropped: autoscaling:TEST_NOTIFICATION")
                .contains("note: duplicate: event a2 was already handled by rule spot-interruption; nothing new done")
                .contains("interruption.jsonl:5: rejected: not JSON");
        assertThat(r.err()).contains("some events were rejected as malformed");
    }

    @Test
    void settlePrintsTheRegionAfterTheEvents() {
        CliRun r = CliRun.of("events", "handle", EXAMPLES.resolve("spot-warning.json").toString(), "--rules", RULES,
                "--instance", "first", "--settle", "-o", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"Region\"").contains("\"AutoScalingGroups\"");
    }

    @Test
    void badRulesAreAUsageErrorNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "rules:\n  - name: x\n    pattern: {source: [aws.ec2]}\n    handler: spot-interuption\n");
        CliRun r = CliRun.of("events", "handle", EXAMPLES.resolve("spot-warning.json").toString(), "--rules", rules.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(rules + ":4:14: rules[0].handler: unknown handler 'spot-interuption'").doesNotContain("Exception");
    }

    @Test
    void anEventFileThatIsNotJsonIsAUsageError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("e.json");
        Files.writeString(bad, "{\"id\": ");
        CliRun r = CliRun.of("events", "handle", bad.toString(), "--rules", RULES);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ": not JSON");
        assertThat(CliRun.of("events", "handle", "nope.json", "--rules", RULES).err()).contains("nope.json: no such file");
    }
}
