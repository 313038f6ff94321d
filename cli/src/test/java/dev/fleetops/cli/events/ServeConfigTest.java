package dev.fleetops.cli.events;

import dev.fleetops.cli.CliRun;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import dev.fleetops.events.spi.Scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServeConfigTest {

    @TempDir
    Path dir;

    static final Map<String, String> ENV = Map.of("TOKEN", "0123456789abcdef0123", "SHORT", "abc");

    ServeConfig read(String yaml) throws Exception {
        Path f = dir.resolve("serve.yaml");
        Files.writeString(f, yaml);
        return ServeConfig.read(f, ENV::get);
    }

    @Test
    void aFullConfigReadsWithDefaults() throws Exception {
        ServeConfig c = read("""
                rules: rules.yaml
                http: {listen: '127.0.0.1:0', token-env: TOKEN}
                sqs:
                  - queue-url: http://localhost:9324/000000000000/events
                    visibility: 90s
                bus: true
                """);
        assertThat(c.rules()).isEqualTo(dir.resolve("rules.yaml"));
        assertThat(c.http().orElseThrow().token()).isEqualTo("0123456789abcdef0123");
        assertThat(c.sqs().get(0).visibility()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.sqs().get(0).extendEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.sqs().get(0).waitTime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.sqs().get(0).receiveHold()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theScopeDefaultsToTheManagedTagOnAwsOnlyAndFlagsWin() throws Exception {
        ServeConfig none = read("rules: r.yaml\nbus: true\n");
        assertThat(none.scope().resolve(true, Optional.empty(), List.of())).isEqualTo(Scope.ALL);
        assertThat(none.scope().resolve(false, Optional.empty(), List.of())).isEqualTo(Scope.managedTag());
        assertThat(none.scope().resolve(false, Optional.of("none"), List.of())).isEqualTo(Scope.ALL);

        ServeConfig c = read("rules: r.yaml\nbus: true\nscope: {managed-tag: team/managed, groups: [web, api]}\n");
        assertThat(c.scope().resolve(true, Optional.empty(), List.of()))
                .isEqualTo(new Scope(Optional.of("team/managed"), Set.of("web", "api")));
        assertThat(c.scope().resolve(false, Optional.of("other"), List.of("batch")))
                .isEqualTo(new Scope(Optional.of("other"), Set.of("batch")));
        assertThat(read("rules: r.yaml\nbus: true\nscope: {managed-tag: none}\n").scope().resolve(false, Optional.empty(), List.of()))
                .isEqualTo(Scope.ALL);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "rules: r.yaml|serve.yaml:1:1: no sources: configure at least one of http, sqs, bus",
            "rules: r.yaml\\nbus: true\\nscope: {groups: ['']}|scope.groups[0]: groups: an Auto Scaling group name must not be empty",
            "rules: r.yaml\\nbus: true\\nscope: {tag: x}|serve.yaml:3:9: scope.tag: unknown field 'tag'",
            "bus: true|missing required field 'rules'",
            "rules: r.yaml\\nbuss: true|serve.yaml:2:1: buss: unknown field 'buss' (did you mean 'bus'?)",
            "rules: r.yaml\\nhttp: {listen: '127.0.0.1:80'}|serve.yaml:2:7: http: missing required field 'token-env'",
            "rules: r.yaml\\nhttp: {token-env: NOPE}|serve.yaml:2:19: http.token-env: environment variable NOPE is not set",
            "rules: r.yaml\\nhttp: {token-env: SHORT}|the token in SHORT is shorter than 16 characters",
            "rules: r.yaml\\nhttp: {listen: localhost, token-env: TOKEN}|http.listen: listen: expected HOST:PORT",
            "rules: r.yaml\\nhttp: {listen: '127.0.0.1:99999', token-env: TOKEN}|port 99999 is out of range",
            "rules: r.yaml\\nsqs: [{queue-url: q, wait: 30s}]|serve.yaml:2:28: sqs[0].wait: SQS long polls at most 20 s",
            "rules: r.yaml\\nsqs: [{queue-url: q, visibility: 30s, extend-every: 30s}]|extend-every must be shorter than visibility (30s)",
            "rules: r.yaml\\nsqs: [{queue-url: q, workers: 0}]|sqs[0].workers",
            "rules: r.yaml\\nsqs: [{queue-url: q, receive-hold: 1s}]|receive-hold (or visibility, when shorter) must be at least 2s",
            "rules: r.yaml\\nsqs: [{queue-url: q, visibility: 1s}]|sqs[0].visibility: receive-hold (or visibility, when shorter) must be at least 2s",
            "rules: r.yaml\\nsqs: [{queue-url: q, receive-hold: 2500ms}]|receive-hold: SQS takes whole seconds",
            "rules: r.yaml\\nsqs: [{queue-url: q, visibility: 800ms}]|visibility: SQS takes whole seconds",
            "rules: r.yaml\\nsqs: [{queue-url: q, receive-hold: 0s}]|receive-hold: expected a positive duration",
            "rules: r.yaml\\nsqs: [{queue: q}]|unknown field 'queue'",
            "rules: r.yaml\\nbus: true\\nshutdown-grace: soon|shutdown-grace: expected a duration",
            "rules: r.yaml\\nbus: true\\nidempotency: {event-ttl: 0s}|idempotency.event-ttl: expected a positive duration"})
    void badConfigsNameFileAndLine(String yaml, String message) {
        assertThatThrownBy(() -> read(yaml.replace("\\n", "\n"))).isInstanceOf(InputError.class).hasMessageContaining(message);
    }

    @Test
    void serveOnTheSimulatorWithItsBusRunsAndPrintsMetrics() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - name: states
                    pattern: {source: [aws.ec2], detail-type: [EC2 Instance State-change Notification]}
                    handler: log
                """);
        Path cfg = dir.resolve("serve.yaml");
        Files.writeString(cfg, "rules: rules.yaml\nbus: true\n");
        CliRun r = CliRun.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "10m", "--scenario-param", "size=2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("fleetops serve: 1 rules, 0 SQS queue(s), the simulator's bus");
        // no event came, so the labelled families (received by source, latency by handler) have no series yet
        assertThat(r.out()).contains("# TYPE fleetops_events_rejected_total counter")
                .contains("fleetops_events_rejected_total 0.0").contains("# TYPE fleetops_build_info gauge")
                .doesNotContain("fleetops_handler_latency_seconds_count");
    }

    @Test
    void serveSaysWhatItActsOnAndWhetherItIsADryRun() throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: spot
                    pattern: {source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning]}
                    handler: spot-interruption
                """);
        Path cfg = dir.resolve("serve.yaml");
        Files.writeString(cfg, "rules: rules.yaml\nbus: true\nscope: {groups: [web]}\n");
        CliRun r = CliRun.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "1m",
                "--dry-run", "--managed-tag", "fleetops/managed");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("fleetops serve: acting on groups or instances tagged fleetops/managed, groups web; "
                + "dry run: no mutating call is sent");
        CliRun plain = CliRun.of("serve", "--store", dir.resolve("store2").toString(), "--config", cfg.toString(), "--for", "1m",
                "--group", "api", "--group", "batch");
        assertThat(plain.err()).as(plain.err()).contains("fleetops serve: acting on groups api, batch\n");
    }

    @Test
    void serveRunsHandlersPeriodicWorkAtItsInterval() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                rules:
                  - name: decommission
                    pattern: {source: [aws.ec2], detail-type: [EC2 Instance State-change Notification]}
                    handler: decommission
                    settings:
                      inventory-interval: 2m
                      webhook: {url: "http://127.0.0.1:9/unused", secret-env: PATH}
                """);
        Path cfg = dir.resolve("serve.yaml");
        Files.writeString(cfg, "rules: rules.yaml\nbus: true\n");
        CliRun r = CliRun.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "5m", "--scenario-param", "size=2");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // at 0, 2 and 4 minutes of virtual time
        assertThat(r.err().lines().filter(l -> l.contains(" fleetops serve: decommission: "))).as(r.err()).hasSize(3);
    }

    @Test
    void aBadConfigIsExit2WithFileAndLine() throws Exception {
        Path cfg = dir.resolve("serve.yaml");
        Files.writeString(cfg, "rules: r.yaml\nsqs: [{queue-url: q, wait: 30s}]\n");
        CliRun r = CliRun.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":2:28: sqs[0].wait").doesNotContain("Exception");
    }
}
