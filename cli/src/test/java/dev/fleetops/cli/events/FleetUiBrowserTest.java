package dev.fleetops.cli.events;

import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cli.runbook.RunbookSession;
import dev.fleetops.runbook.engine.Decider;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.runbook.engine.Owners;
import dev.fleetops.runbook.engine.RunbookEngine;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.ui.FleetUi;
import dev.fleetops.cli.ui.FleetUiPages;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.runbook.rate.RateLimits;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page in headless Chromium while the simulator runs a Spot storm and a rate-controlled maintenance
 * (issue 15's proof): at three moments the page's out-of-rotation list is what DescribeTargetHealth says, the
 * maintenance's aws:approve is approved from the page, and screenshots show the headings. Virtual time moves only
 * when the test moves it; the browser is waited for on conditions (generously bounded).
 */
class FleetUiBrowserTest {

    private static final String TOKEN = "ui-test-token-0123456789";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    private WebDriver browser;
    private HttpServer server;
    private FleetUi ui;
    private Session session;
    private Journal journal;

    @AfterEach
    void close() {
        if (browser != null) browser.quit();
        if (server != null) server.stop(0);
        if (ui != null) ui.close();
        if (journal != null) journal.close();
        if (session != null) session.close();
    }

    @Test
    void spotStormAndMaintenanceOnThePage() throws Exception {
        browser = FleetUiPages.chromium();
        String web = new String(FleetUiBrowserTest.class.getResourceAsStream("/scenarios/web.yaml").readAllBytes());
        Path scenario = dir.resolve("storm.yaml");
        Files.writeString(scenario, web.replace("    instanceType: t3.micro\n", "    instanceType: t3.micro\n    spot: true\n")
                + """
                faults:
                  spotInterruptions:
                    - {at: 10m, instance: {group: web, index: 0}, action: terminate}
                    - {at: 10m, instance: {group: web, index: 1}, action: terminate}
                """);
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: on-spot
                    pattern: {source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning]}
                    handler: spot-interruption
                """);
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("Maintain.yaml"), """
                schemaVersion: "0.3"
                parameters:
                  InstanceId: {type: String}
                  TargetGroupArn: {type: String}
                mainSteps:
                  - name: Approve
                    action: aws:approve
                    timeoutSeconds: 3600
                    inputs: {Approvers: [ops-lead], Message: "Take {{ InstanceId }} out for maintenance?"}
                  - name: Deregister
                    action: aws:executeAwsApi
                    inputs: {Service: elbv2, Api: DeregisterTargets, TargetGroupArn: "{{ TargetGroupArn }}", Targets: [{Id: "{{ InstanceId }}"}]}
                  - name: Maintain
                    action: aws:sleep
                    inputs: {Duration: PT10M}
                """);
        SimRegion region = Scenarios.start(Scenarios.load(scenario.toString(), Map.of()), 7);
        session = Session.on(region);
        session.settle();
        Cloud cloud = session.cloud();
        VirtualScheduler time = session.virtualTime();
        FleetUi.Relay leases = FleetUi.relay();
        Path store = dir.resolve("store");
        journal = Journals.observed(RunbookSession.journal(session, store), leases);
        // approvals polled on virtual time (as on AWS): the page's signal is read at the next tick the test drives
        ExecutionStore records = ExecutionStore.directory(store.resolve("executions"));
        RunbookEngine engine = RunbookEngine.builder(cloud).simulated(true).store(records).docs(docs).seed(1)
                .decider(Decider.polling(records, cloud.scheduler(), Duration.ofSeconds(1)))
                .journal(journal, Owners.thisProcess()).build();
        var intake = SimIntake.build(dir.resolve("rules.yaml"), cloud, engine);
        region.context().bus().subscribe(e -> intake.submit("bus", e));

        ui = FleetUi.start(new FleetUi.Sources(cloud, records, Optional.of(journal), Optional.of(TOKEN), Duration.ofSeconds(1)));
        ui.watch(engine.events());
        intake.events().onEvent(ui.intakeListener());
        leases.to(ui);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        ui.mount(server);
        server.start();
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + FleetUi.PATH;

        // without the token: 401, page and API alike
        HttpClient http = HttpClient.newHttpClient();
        for (String path : List.of("", "api/fleet", "api/executions", "api/stream")) {
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as(path).isEqualTo(401);
        }
        drive(time, Duration.ofSeconds(5));
        browser.get(base + "?token=" + TOKEN);
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN); // redirected: the token leaves the address bar
        waitFor("the stream is live", () -> "live".equals(browser.findElement(By.id("status")).getText()));
        assertThat(browser.getPageSource()).doesNotContain(TOKEN);

        // the maintenance: rate-controlled over the third instance, MaxConcurrency 1
        List<String> instances = groupInstances(cloud);
        String tg = session.await(cloud.elbv2().describeTargetGroups(b -> { }), Duration.ofSeconds(30)).targetGroups().get(0).targetGroupArn();
        String target = instances.get(2);
        RateControl.Plan plan = new RateControl.Plan("Maintain", Map.of("TargetGroupArn", List.of(tg)), List.of(target),
                id -> Map.of("InstanceId", List.of(id), "TargetGroupArn", List.of(tg)), new RateLimits("1", "0"),
                Optional.of("InstanceId"), "InstanceIds=" + target);
        engine.rateControl().start(plan);
        drive(time, Duration.ofSeconds(30));

        // moment 1: all in rotation, the maintenance waits for its approval
        matchesTargetHealth("before the storm", cloud, time);
        screenshot("ui-1-waiting");

        // moment 2: the storm's warnings detached two instances: they drain, taken out by the spot handler
        drive(time, Duration.ofMinutes(10).plusSeconds(10));
        Set<String> out = matchesTargetHealth("during the storm", cloud, time);
        assertThat(out).contains(instances.get(0), instances.get(1));
        waitFor("the storm's row names the spot handler and its notice", () -> {
            String row = browser.findElement(By.cssSelector("#out-of-rotation tr[data-instance-id='" + instances.get(0) + "']")).getText();
            return row.contains("spot-interruption") && row.contains("Spot interruption notice");
        });
        screenshot("ui-2-storm");

        // approve the waiting aws:approve from the page
        waitFor("the waiting child is listed", () -> !browser.findElements(By.xpath(
                "//table[@id='execution-list']//tr[td[2][text()='Maintain']]//a")).isEmpty());
        browser.findElement(By.xpath("//table[@id='execution-list']//tr[td[2][text()='Maintain']]//a")).click();
        waitFor("the approval button", () -> !browser.findElements(By.id("approve-Approve")).isEmpty());
        browser.findElement(By.id("approve-Approve")).click();
        waitFor("the signal was sent", () -> browser.findElement(By.id("status")).getText().contains("Approve sent"));
        drive(time, Duration.ofSeconds(20));

        // moment 3: the approved maintenance deregistered its instance: out, taken out by its execution
        out = matchesTargetHealth("after the approval", cloud, time);
        assertThat(out).contains(target);
        waitFor("the maintenance's row names its execution", () -> browser.findElements(By.cssSelector(
                "#out-of-rotation tr[data-instance-id='" + target + "']")).stream()
                .anyMatch(r -> r.getText().contains("DeregisterTargets")));
        waitFor("the timeline is drawn", () -> !browser.findElements(By.cssSelector("#timeline svg.chart")).isEmpty());
        screenshot("ui-3-approved");
        List<String> headings = browser.findElements(By.tagName("h2")).stream().map(WebElement::getText).toList();
        assertThat(headings).contains("Fleet", "Out of rotation", "Executions", "Events", "Replicas");
        assertThat(browser.findElement(By.id("event-counts")).getText()).contains("Matched 2");
    }

    /** Runs virtual time in 1 s steps, the journal made durable after each (docs/journal.md). */
    private void drive(VirtualScheduler time, Duration d) {
        for (long s = 0; s < d.toSeconds(); s++) {
            time.runFor(Duration.ofSeconds(1));
            journal.flush().toCompletableFuture().join();
        }
    }

    /** The page's out-of-rotation list equals the fleet's instances that DescribeTargetHealth does not call healthy. */
    private Set<String> matchesTargetHealth(String moment, Cloud cloud, VirtualScheduler time) {
        Set<String> all = new TreeSet<>(groupInstances(cloud));
        Set<String> healthy = new HashSet<>();
        for (TargetGroup tg : session.await(cloud.elbv2().describeTargetGroups(b -> { }), Duration.ofSeconds(30)).targetGroups()) {
            for (TargetHealthDescription d : session.await(cloud.elbv2().describeTargetHealth(b -> b.targetGroupArn(tg.targetGroupArn())),
                    Duration.ofSeconds(30)).targetHealthDescriptions()) {
                all.add(d.target().id());
                if (d.targetHealth().state() == TargetHealthStateEnum.HEALTHY) healthy.add(d.target().id());
            }
        }
        all.removeAll(healthy);
        Set<String> expected = all;
        waitFor(moment + ": out of rotation " + expected, () -> pageOutOfRotation().equals(expected));
        return expected;
    }

    private Set<String> pageOutOfRotation() {
        Set<String> ids = new TreeSet<>();
        for (WebElement tr : browser.findElements(By.cssSelector("#out-of-rotation tbody tr"))) ids.add(tr.getAttribute("data-instance-id"));
        return ids;
    }

    private List<String> groupInstances(Cloud cloud) {
        return session.await(cloud.autoScaling().describeAutoScalingGroups(b -> { }), Duration.ofSeconds(30)).autoScalingGroups()
                .stream().map(AutoScalingGroup::instances).flatMap(List::stream).map(i -> i.instanceId()).toList();
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        // the live page redraws a view when it changes: an element read mid-redraw is stale, and read again
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class)
                .withMessage(() -> what + "; the page shows: " + browser.findElement(By.tagName("body")).getText())
                .until(d -> condition.getAsBoolean());
    }

    /** Saves the page as target/screenshots/NAME.png and checks it is not blank. */
    private void screenshot(String name) throws Exception {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) for (int x = 0; x < image.getWidth(); x += 7) colours.add(image.getRGB(x, y));
        assertThat(colours).as(name + " is not blank").hasSizeGreaterThan(4);
    }
}
