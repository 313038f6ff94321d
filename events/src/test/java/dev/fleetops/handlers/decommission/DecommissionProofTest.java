package dev.fleetops.handlers.decommission;

import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.handlers.onsim.HandlerHarness;
import dev.fleetops.time.RealScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seed 002's event with every cleanup configured: Route 53 on the simulator, Chef on a real goiardi, Consul on
 * an in-process fake of its HTTP API, a signed webhook. Every cleanup is done once; replayed, nothing new; a
 * missing record is success.
 */
class DecommissionProofTest {

    private static final byte[] SECRET = "s3cr3t".getBytes(StandardCharsets.UTF_8);

    private Goiardi goiardi;
    private FakeConsul consul;
    private WebhookReceiver webhook;
    private RealScheduler real;
    private ChefCleanup admin;
    private HttpCalls http;
    private DecommissionFixture f;
    private String settings;

    @BeforeEach
    void start() throws Exception {
        goiardi = Goiardi.startOrSkip();
        consul = new FakeConsul();
        webhook = new WebhookReceiver(SECRET);
        real = new RealScheduler();
        admin = new ChefCleanup(goiardi.url(), new ChefSigner("admin", ChefSigner.readKey(Files.readString(goiardi.adminKey())),
                ChefSigner.Version.V1_3), true, Clock.systemUTC(), java.util.Optional.empty());
        http = new HttpCalls(DecommissionFixture.setupRecorder(real), real);
        f = new DecommissionFixture();
        Path secret = Files.createTempFile("webhook", ".secret");
        Files.write(secret, SECRET);
        settings = """
                route53: {zone-id: %s, record: "{hostname}.internal.example.com"}
                chef: {url: "%s", client: admin, key-file: "%s", sign-version: "1.3"}
                consul: {url: "%s"}
                webhook: {url: "%s", secret-file: "%s"}
                """.formatted(f.zoneId, goiardi.url(), goiardi.adminKey(), consul.url(), webhook.url(), secret);
    }

    @AfterEach
    void stop() {
        if (goiardi != null) goiardi.close();
        if (consul != null) consul.close();
        if (webhook != null) webhook.close();
        if (real != null) real.close();
    }

    private int chef(String method, String path, String json) {
        return admin.request(http, method, path, json).join().statusCode();
    }

    @Test
    void everyCleanupOnceThenNothingNewThenMissingRecordIsSuccess() throws Exception {
        Instance web = f.instances().get(0);
        String id = web.instanceId();
        String node = web.privateDnsName();
        f.addRecord(web);
        assertThat(chef("POST", "/nodes", "{\"name\":\"" + node + "\",\"json_class\":\"Chef::Node\",\"chef_type\":\"node\","
                + "\"run_list\":[]}")).isEqualTo(201);
        assertThat(chef("POST", "/clients", "{\"name\":\"" + node + "\"}")).isEqualTo(201);
        consul.register(DecommissionFixture.hostname(web), web.privateIpAddress(), "sess-1", "sess-2");
        DecommissionHandler h = f.handler(settings);

        HandlerRecord captured = f.handle(h, f.stateChange(id, "running"));
        f.terminate(id);
        HandlerRecord first = f.handle(h, f.seed002(id));

        assertThat(captured.notes()).singleElement().asString().startsWith("captured " + id);
        assertThat(first.status()).as(first.toString()).isEqualTo(Status.Success);
        assertThat(first.notes()).containsExactly(
                "route53: deleted A " + DecommissionFixture.hostname(web) + ".internal.example.com. (" + web.privateIpAddress() + ")",
                "chef: deleted /nodes/" + node + "; deleted /clients/" + node,
                "consul: destroyed 2 session(s) of " + DecommissionFixture.hostname(web) + " and deregistered it",
                "webhook: notified " + webhook.url() + " (HTTP 204)");
        assertThat(f.records()).noneMatch(r -> r.name().startsWith(DecommissionFixture.hostname(web)));
        assertThat(chef("GET", "/nodes/" + node, null)).isEqualTo(404);
        assertThat(chef("GET", "/clients/" + node, null)).isEqualTo(404);
        assertThat(consul.nodes).doesNotContainKey(DecommissionFixture.hostname(web));
        assertThat(consul.locks).isEmpty();
        assertThat(webhook.received).singleElement().satisfies(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.eventId()).isEqualTo("7bf73129-1428-4cd3-a780-95db273d1602");
            assertThat(r.body()).contains("\"instance-id\":\"" + id + "\"", "\"state\":\"terminated\"");
        });

        // Replayed: nothing new, not a single call.
        HandlerRecord replay = f.handle(h, f.seed002(id));
        assertThat(replay.status()).isEqualTo(Status.Success);
        assertThat(replay.apiCalls()).isEmpty();
        assertThat(replay.notes()).containsExactly("route53: already done for " + id + ", nothing new",
                "chef: already done for " + id + ", nothing new", "consul: already done for " + id + ", nothing new",
                "webhook: already done for " + id + ", nothing new");
        assertThat(webhook.received).hasSize(1);

        // Another instance with no record, no Chef node, no Consul sessions: all "already gone", success.
        Instance other = f.instances().get(1);
        f.handle(h, f.stateChange(other.instanceId(), "running"));
        f.terminate(other.instanceId());
        HandlerRecord missing = f.handle(h, f.seed002(other.instanceId()));
        assertThat(missing.status()).isEqualTo(Status.Success);
        assertThat(missing.notes()).contains("route53: already gone: no A record " + DecommissionFixture.hostname(other)
                        + ".internal.example.com. with value " + other.privateIpAddress() + " in " + f.zoneId,
                "chef: already gone: /nodes/" + other.privateDnsName() + "; already gone: /clients/" + other.privateDnsName());
        assertThat(HandlerHarness.calls(missing)).contains("DELETE /nodes/" + other.privateDnsName() + " Path=/nodes/"
                + other.privateDnsName() + " -> HTTP 404");
    }

    @Test
    void chefProtocol10SignaturesAreAcceptedToo() throws Exception {
        Instance web = f.instances().get(0);
        String node = web.privateDnsName();
        assertThat(chef("POST", "/nodes", "{\"name\":\"" + node + "\",\"json_class\":\"Chef::Node\",\"chef_type\":\"node\"}"))
                .isEqualTo(201);
        DecommissionHandler h = f.handler("chef: {url: \"%s\", client: admin, key-file: \"%s\", sign-version: \"1.0\", delete-client: false}"
                .formatted(goiardi.url(), goiardi.adminKey()));

        f.handle(h, f.stateChange(web.instanceId(), "running"));
        f.terminate(web.instanceId());
        HandlerRecord r = f.handle(h, f.stateChange(web.instanceId(), "shutting-down"));

        assertThat(r.status()).as(r.toString()).isEqualTo(Status.Success);
        assertThat(r.notes()).contains("chef: deleted /nodes/" + node);
        assertThat(chef("GET", "/nodes/" + node, null)).isEqualTo(404);
    }
}
