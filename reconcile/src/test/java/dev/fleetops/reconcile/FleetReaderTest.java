package dev.fleetops.reconcile;

import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fleet files: what is accepted, and every mistake reported with file:line:col, field and an exact message. */
class FleetReaderTest {

    static final String EC2 = "  - kind: ec2:instance\n    name: web-1\n    image: ami-0abcdef1234567890\n";

    static FleetFile read(String yaml) {
        return Kinds.reader().read("fleet.yaml", yaml);
    }

    static String error(String yaml) {
        try {
            read(yaml);
        } catch (InputError | InputError.Many e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void aValidFleetHasItsResourcesEdgesAndMeta() {
        FleetFile f = read("fleet: web\nresources:\n" + EC2 + "    meta: {poll: 30, retry: -1, delay: 500ms, noop: true, timeout: 5m}\n"
                + "  - kind: elbv2:target\n    name: t1\n    instance: web-1\n    targetGroup: web-tg\n"
                + "  - kind: runbook\n    name: smoke\n    document: AWS-RunShellScript\n    parameters: {commands: [uptime]}\n"
                + "    requires: [t1]\n"
                + "  - kind: autoscaling:capacity\n    name: cap\n    group: web\n    min: 1\n    desired: 3\n    max: 6\n");
        assertThat(f.name()).isEqualTo("web");
        assertThat(f.resources()).extracting(Resource::kind)
                .containsExactly("ec2:instance", "elbv2:target", "runbook", "autoscaling:capacity");
        assertThat(f.requires("t1")).containsExactly("web-1"); // implicit: a target requires its instance
        assertThat(f.requires("smoke")).containsExactly("t1");
        assertThat(f.resource("web-1").meta())
                .isEqualTo(new Meta(Duration.ofSeconds(30), -1, Duration.ofMillis(500), true, Duration.ofMinutes(5)));
    }

    @Test
    void theFleetNameDefaultsToTheFileName() {
        assertThat(Kinds.reader().read("fleets/web-fleet.yaml", "resources:\n" + EC2).name()).isEqualTo("web-fleet");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no resources        | fleet: web                                                                          | fleet.yaml:1:1: missing required field 'resources'
            empty list          | resources: []                                                                       | fleet.yaml:1:12: resources: a fleet needs at least one resource
            unknown top field   | fleets: web\\nresources: []                                                          | fleet.yaml:1:1: fleets: unknown field 'fleets' (did you mean 'fleet'?); expected one of: fleet, resources
            unknown kind        | resources:\\n  - kind: ec2:instances\\n    name: a                                  | fleet.yaml:2:11: resources[0].kind: unknown kind 'ec2:instances' (did you mean 'ec2:instance'?); expected one of: ec2:instance, elbv2:target, autoscaling:capacity, runbook
            missing kind        | resources:\\n  - name: a                                                             | fleet.yaml:2:5: resources[0]: missing required field 'kind'
            missing name        | resources:\\n  - kind: runbook\\n    document: D                                    | fleet.yaml:2:5: resources[0]: missing required field 'name'
            bad name            | resources:\\n  - kind: runbook\\n    name: 'a b'\\n    document: D                   | fleet.yaml:3:11: resources[0].name: a resource name is 1-128 letters, digits, '.', '_' or '-', got "a b"
            unknown property    | resources:\\n  - kind: ec2:instance\\n    name: a\\n    image: ami-0abcdef1234567890\\n    stat: running | fleet.yaml:5:5: resources[0].stat: unknown field 'stat' (did you mean 'state'?); expected one of: image, instanceType, kind, market, meta, name, requires, securityGroups, state, subnet, tags, userData
            bad state           | resources:\\n  - kind: ec2:instance\\n    name: a\\n    image: ami-0abcdef1234567890\\n    state: started | fleet.yaml:5:12: resources[0].state: expected one of running, stopped, terminated, got "started"
            bad image           | resources:\\n  - kind: ec2:instance\\n    name: a\\n    image: ubuntu                 | fleet.yaml:4:12: resources[0].image: expected an AMI id such as ami-0abcdef1234567890, got "ubuntu"
            missing image       | resources:\\n  - kind: ec2:instance\\n    name: a                                   | fleet.yaml:2:5: resources[0]: missing required field 'image' (state running)
            bad market          | resources:\\n  - kind: ec2:instance\\n    name: a\\n    image: ami-0abcdef1234567890\\n    market: reserved | fleet.yaml:5:13: resources[0].market: expected one of on-demand, spot, got "reserved"
            Name in tags        | resources:\\n  - kind: ec2:instance\\n    name: a\\n    image: ami-0abcdef1234567890\\n    tags: {Name: x} | fleet.yaml:5:12: resources[0].tags.Name: the Name tag is the resource name; leave it out of tags
            bad retry           | resources:\\n  - kind: runbook\\n    name: a\\n    document: D\\n    meta: {retry: -2}  | fleet.yaml:5:19: resources[0].meta.retry: expected an integer from -1 to 32767, got -2
            zero poll           | resources:\\n  - kind: runbook\\n    name: a\\n    document: D\\n    meta: {poll: 0}    | fleet.yaml:5:18: resources[0].meta.poll: poll must be above zero (leave it out for the default)
            bad delay           | resources:\\n  - kind: runbook\\n    name: a\\n    document: D\\n    meta: {delay: soon} | fleet.yaml:5:19: resources[0].meta.delay: expected a duration such as 30s, 500ms, 2m or 1h, got "soon"
            unknown meta        | resources:\\n  - kind: runbook\\n    name: a\\n    document: D\\n    meta: {retries: 3} | fleet.yaml:5:12: resources[0].meta.retries: unknown field 'retries'; expected one of: delay, noop, poll, retry, timeout
            duplicate name      | resources:\\n  - kind: runbook\\n    name: a\\n    document: D\\n  - kind: runbook\\n    name: a\\n    document: E | fleet.yaml:6:11: resources[1].name: duplicate resource name 'a' (first at line 2)
            unknown requires    | resources:\\n  - kind: runbook\\n    name: a\\n    document: D\\n    requires: [database] | fleet.yaml:5:16: resources[0].requires[0]: unknown resource 'database'
            requires itself     | resources:\\n  - kind: runbook\\n    name: a\\n    document: D\\n    requires: a        | fleet.yaml:5:15: resources[0].requires: a resource cannot require itself
            cycle               | resources:\\n  - kind: runbook\\n    name: a\\n    document: D\\n    requires: [b]\\n  - kind: runbook\\n    name: b\\n    document: D\\n    requires: [a] | fleet.yaml:9:15: resources[1].requires: dependency cycle: a -> b -> a
            target of nothing   | resources:\\n  - kind: elbv2:target\\n    name: t\\n    instance: web-9\\n    targetGroup: tg | fleet.yaml:4:15: resources[0].instance: no ec2:instance resource named 'web-9'
            target of terminated | resources:\\n  - kind: ec2:instance\\n    name: a\\n    state: terminated\\n  - kind: elbv2:target\\n    name: t\\n    instance: a\\n    targetGroup: tg | fleet.yaml:7:15: resources[1].instance: 'a' is to be terminated; it cannot be registered
            capacity min > max  | resources:\\n  - kind: autoscaling:capacity\\n    name: c\\n    group: web\\n    min: 5\\n    max: 2 | fleet.yaml:5:10: resources[0].min: min 5 is above max 2
            capacity nothing    | resources:\\n  - kind: autoscaling:capacity\\n    name: c\\n    group: web        | fleet.yaml:2:5: resources[0]: set at least one of min, desired, max
            runbook no document | resources:\\n  - kind: runbook\\n    name: r                                        | fleet.yaml:2:5: resources[0]: missing required field 'document'
            bad YAML            | resources:\\n  - kind: [                                                             | fleet.yaml:2:12: invalid YAML: expected the node content, but found '<stream end>'
            """)
    void badFleetFilesAreRejectedWithTheirLocation(String what, String yaml, String message) {
        assertThat(error(yaml.replace("\\n", "\n"))).isEqualTo(message);
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        assertThatThrownBy(() -> read("resources:\n  - kind: runbook\n    name: a\n  - kind: nope\n    name: b\n"))
                .isInstanceOf(InputError.Many.class)
                .hasMessage("2 errors:\n  fleet.yaml:2:5: resources[0]: missing required field 'document'\n"
                        + "  fleet.yaml:4:11: resources[1].kind: unknown kind 'nope'; expected one of: ec2:instance, "
                        + "elbv2:target, autoscaling:capacity, runbook");
    }
}
