package dev.fleetops.handlers.decommission;

import dev.fleetops.events.spi.ActionKey;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.onsim.HandlerHarness;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decommission handler's behaviours on the simulator with the Consul fake and a webhook receiver. */
class DecommissionTest {

    private static final byte[] SECRET = "k".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;
    private FakeConsul consul;
    private WebhookReceiver webhook;
    private DecommissionFixture f;
    private String settings;

    @BeforeEach
    void start() throws Exception {
        consul = new FakeConsul();
        webhook = new WebhookReceiver(SECRET);
        f = new DecommissionFixture();
        Files.write(dir.resolve("secret"), SECRET);
        settings = """
                route53: {zone-id: %s, record: "{hostname}.internal.example.com"}
                consul: {url: "%s"}
                webhook: {url: "%s", secret-file: "%s"}
                """.formatted(f.zoneId, consul.url(), webhook.url(), dir.resolve("secret"));
    }

    @AfterEach
    void stop() {
        consul.close();
        webhook.close();
    }

    @Test
    void aShuttingDownInstanceMissingFromTheInventoryIsCapturedThenCleaned() throws Exception {
        Instance web = f.instances().get(0);
        f.addRecord(web);
        DecommissionHandler h = f.handler(settings);
        f.await(f.cloud.ec2().terminateInstances(b -> b.instanceIds(web.instanceId())));

        HandlerRecord r = f.handle(h, f.stateChange(web.instanceId(), "shutting-down"));

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.notes().get(0)).startsWith("not in the inventory; captured now: " + web.instanceId());
        assertThat(f.records()).isEmpty();
    }

    @Test
    void withoutInventoryATerminatedInstanceCannotBeCleanedAndSaysWhy() throws Exception {
        Instance web = f.instances().get(0);
        f.terminate(web.instanceId());
        f.region.scheduler().runFor(Duration.ofMinutes(5));

        HandlerRecord r = f.handle(f.handler(settings), f.seed002(web.instanceId()));

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(HandlerHarness.calls(r)).containsExactly("DescribeInstances InstanceId=" + web.instanceId());
        assertThat(r.notes()).singleElement().asString().contains("its names are unknown, nothing can be cleaned");
    }

    @Test
    void theInventoryIsFilledPeriodicallyAndSurvivesARestartInItsFile() throws Exception {
        Path file = dir.resolve("inventory.json");
        DecommissionHandler first = f.handler(settings, new FileInventory(file));
        String summary = f.region.scheduler().await(first.tick(f.cloud).toCompletableFuture(), Duration.ofMinutes(1));
        assertThat(summary).isEqualTo("inventory: 3 live instance(s) captured");
        assertThat(first.interval()).isEqualTo(Duration.ofMinutes(5));
        Instance web = f.instances().get(0);
        f.addRecord(web);
        f.terminate(web.instanceId());
        f.region.scheduler().runFor(Duration.ofMinutes(5));

        DecommissionHandler restarted = f.handler(settings, new FileInventory(file));
        HandlerRecord r = f.handle(restarted, f.seed002(web.instanceId()));

        assertThat(r.status()).isEqualTo(Status.Success);
        assertThat(r.notes().get(0)).startsWith("route53: deleted A ");
        InventoryEntry e = new FileInventory(file).get(web.instanceId()).orElseThrow();
        assertThat(e.cleaned()).containsExactlyInAnyOrder("route53", "consul", "webhook");
        assertThat(e.consulNode()).contains(DecommissionFixture.hostname(web));
        assertThat(e.chefNode()).contains(web.privateDnsName());
    }

    @Test
    void aFailedCleanupFailsTheRecordAndOnlyItIsRetried() throws Exception {
        Instance web = f.instances().get(0);
        f.addRecord(web);
        DecommissionHandler h = f.handler(settings);
        f.handle(h, f.stateChange(web.instanceId(), "running"));
        f.terminate(web.instanceId());
        webhook.status = 500;

        HandlerRecord failed = f.handle(h, f.seed002(web.instanceId()));
        assertThat(failed.status()).isEqualTo(Status.Failed);
        assertThat(failed.failureMessage()).contains("cleanup(s) failed, to be retried on redelivery: webhook");
        assertThat(failed.notes()).contains("webhook: failed: webhook " + webhook.url() + ": HTTP 500");

        webhook.status = 200;
        HandlerRecord retried = f.handle(h, f.seed002(web.instanceId()));
        assertThat(retried.status()).isEqualTo(Status.Success);
        assertThat(retried.apiCalls()).singleElement().satisfies(c -> assertThat(c.service()).isEqualTo("webhook"));
        assertThat(webhook.received).hasSize(2).allMatch(WebhookReceiver.Received::signatureValid);
    }

    @Test
    void namesComeFromTagsOrTemplatesAndTheConsulTokenIsSent() throws Exception {
        Instance web = f.instances().get(0);
        f.await(f.cloud.ec2().createTags(b -> b.resources(web.instanceId()).tags(t -> t.key("consul-node").value("web-blue-1"))));
        consul.register("web-blue-1", web.privateIpAddress(), "s-9");
        consul.requiredToken = "t0ken";
        DecommissionHandler h = new DecommissionHandler(DecommissionSettings.read(HandlerHarness.settings("""
                consul-node-tag: consul-node
                chef-node: "{name}-{instance-id}"
                consul: {url: "%s", token-env: CONSUL_TOKEN}
                """.formatted(consul.url())), Clock.systemUTC(), Map.of("CONSUL_TOKEN", "t0ken")::get),
                new dev.fleetops.handlers.decommission.MemoryInventory());
        f.handle(h, f.stateChange(web.instanceId(), "running"));
        assertThat(h.inventory().get(web.instanceId()).orElseThrow().chefNode()).contains("web-" + web.instanceId());
        f.terminate(web.instanceId());

        HandlerRecord r = f.handle(h, f.seed002(web.instanceId()));

        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        assertThat(consul.nodes).doesNotContainKey("web-blue-1");
        assertThat(consul.sessions).isEmpty();
    }

    @Test
    void shuttingDownAndTerminatedAreOneAction() {
        DecommissionHandler h = f.handler(settings);
        var shutting = f.stateChange("i-0abc1234", "shutting-down");
        var terminated = f.stateChange("i-0abc1234", "terminated");
        var running = f.stateChange("i-0abc1234", "running");
        assertThat(h.actionKey(shutting)).contains(new ActionKey("i-0abc1234", "decommission")).isEqualTo(h.actionKey(terminated));
        assertThat(h.actionKey(running)).isEmpty();
    }

    @Test
    void settingsAreValidatedAtLoad() {
        assertThatThrownBy(() -> f.handler("states: [running]\nwebhook: {url: http://x, secret-env: X}"))
                .isInstanceOf(InputError.class).hasMessageContaining("'running' is when the inventory is captured");
        assertThatThrownBy(() -> f.handler("states: [shutting-down]")).isInstanceOf(InputError.class)
                .hasMessageContaining("no cleanup configured");
        assertThatThrownBy(() -> f.handler("route53: {zone-id: Z1, record: '{host}.example.com'}"))
                .isInstanceOf(InputError.class).hasMessageContaining("unknown placeholder {host}");
        assertThatThrownBy(() -> f.handler("chef: {url: http://c, client: a, key-file: /nonexistent.pem}"))
                .isInstanceOf(InputError.class).hasMessageContaining("cannot read /nonexistent.pem");
        assertThatThrownBy(() -> f.handler("consul: {url: consul:8500}")).isInstanceOf(InputError.class)
                .hasMessageContaining("expected an http:// or https:// URL, got 'consul:8500'");
        assertThatThrownBy(() -> f.handler("webhook: {url: http://x}")).isInstanceOf(InputError.class)
                .hasMessageContaining("missing secret-file or secret-env");
        assertThatThrownBy(() -> f.handler("route53: {zone-id: Z1, type: AAAA}")).isInstanceOf(InputError.class)
                .hasMessageContaining("expected one of A, CNAME, got 'AAAA'");
    }

    /** A Chef client key as goiardi writes it (PKCS#1 is what Chef writes; PKCS#8 reads too). */
    private static Path chefKey(Path dir, String mode) throws Exception {
        var kp = java.security.KeyPairGenerator.getInstance("RSA");
        kp.initialize(2048);
        String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(kp.generateKeyPair().getPrivate().getEncoded());
        Path key = dir.resolve("client-" + mode + ".pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
        return key;
    }

    @Test
    void aChefKeyOthersCanWriteIsRefusedAndOneEveryoneCanReadIsWarnedAbout(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        for (String mode : new String[] {"rw-rw-rw-", "rw--w----"}) {
            Path key = chefKey(dir, mode);
            assertThatThrownBy(() -> f.handler("chef: {url: http://c, client: a, key-file: " + key + "}"))
                    .isInstanceOf(InputError.class).hasMessageContaining("settings.yaml:1:")
                    .hasMessageContaining(key + " is writable by").hasMessageContaining("refused")
                    .hasMessageContaining("chmod 600 " + key);
        }
        Path readable = chefKey(dir, "rw-r--r--");
        var settings = DecommissionSettings.read(HandlerHarness.settings("chef: {url: http://c, client: a, key-file: " + readable + "}"));
        assertThat(((ChefCleanup) settings.cleanups().get(0)).keyWarning()).hasValueSatisfying(w -> assertThat(w)
                .startsWith("warning: " + readable + " is readable by everyone (rw-r--r--)").endsWith("chmod 600 " + readable));
        Path private600 = chefKey(dir, "rw-------");
        var ok = DecommissionSettings.read(HandlerHarness.settings("chef: {url: http://c, client: a, key-file: " + private600 + "}"));
        assertThat(((ChefCleanup) ok.cleanups().get(0)).keyWarning()).isEmpty();
    }
}
