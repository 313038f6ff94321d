package dev.fleetops.cli.ui;

import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cli.session.Session;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reloading the page again and again: each load completes (every view drawn, the stream live) as the first did.
 * A closed page's event stream used to stay open on the server until something was written to it, and the
 * browser's six connections per host ran out (the 7th reload took 57 s). The server now sees a closed stream at
 * its next heartbeat and ends it, and the page closes its stream when it goes.
 */
class FleetUiReloadTest {

    @Test
    void tenReloadsEachCompleteAndLeaveOneStreamOpen() throws Exception {
        WebDriver browser = FleetUiPages.chromium();
        HttpServer server = null;
        // as serve and sim serve: a bounded pool of handler threads
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (Session session = Session.on(Scenarios.start(Scenarios.load("web", Map.of()), 3))) {
            session.settle();
            FleetUi ui = FleetUi.start(new FleetUi.Sources(session.cloud(), ExecutionStore.inMemory(), Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(1)));
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            server.setExecutor(threads);
            ui.mount(server);
            server.start();
            session.virtualTime().runFor(Duration.ofSeconds(2));
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + FleetUi.PATH;
            for (int i = 0; i <= 10; i++) {
                // a reload, and a new address of the page (as the measurement that saw the 57 s did)
                if (i % 2 == 1) browser.navigate().refresh();
                else browser.get(url + "?n=" + i);
                int load = i;
                // generously bounded: a load that waits for a free connection (the defect) takes a minute
                new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(() -> "load " + load + " did not complete")
                        .until(d -> "1".equals(js(d, "const b = document.body.dataset; return b.updatedExecutions && b.updatedFleet"
                                + " && b.updatedEvents && b.updatedReplicas && document.getElementById('status').textContent === 'live'"
                                + " ? '1' : '0'")));
            }
            // the closed pages' streams are ended on the server, not kept until the next change
            new WebDriverWait(browser, Duration.ofSeconds(20)).withMessage(() -> ui.openStreams() + " streams open after 10 reloads")
                    .until(d -> ui.openStreams() == 1);
            assertThat(ui.openStreams()).isEqualTo(1);
            ui.close();
        } finally {
            browser.quit();
            if (server != null) server.stop(0);
            threads.shutdownNow();
        }
    }

    private static String js(WebDriver d, String script) {
        return String.valueOf(((JavascriptExecutor) d).executeScript(script));
    }
}
