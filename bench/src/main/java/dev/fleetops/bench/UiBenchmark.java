package dev.fleetops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.ui.FleetUi;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.sim.scenario.Scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live page (issue 15), in headless Chromium: load time with 1,000 executions in the store, until every view
 * is drawn (navigation start, {@code performance.timeOrigin}, to the last view's render, read in the page), against
 * the same page over an empty store (the anchor, same run); and the update latency from a change in the fleet (a
 * deregistration; the end of the virtual second in which the page's fleet read sees it) to the page drawing it out
 * of rotation, against the same change's arrival on the event stream read by a plain HTTP client (the anchor: what
 * the server takes; the rest is the browser's).
 */
final class UiBenchmark implements Benchmark {

    static final int EXECUTIONS = 1000;

    @Override
    public String name() {
        return "ui";
    }

    @Override
    public String description() {
        return "live page in headless Chromium: load with 1,000 executions in the store (target < 300 ms) vs an empty"
                + " store, update from event to page (target < 1 s) vs the event stream";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        int loads = quick ? 3 : 10;
        int updates = quick ? 1 : 3;
        Path dir = Files.createTempDirectory("fleetops-bench-ui");
        try (Chromium browser = Chromium.start()) {
            progress.println("ui: anchor: the page over an empty store, " + loads + " loads");
            Page empty = Page.open(ExecutionStore.directory(dir.resolve("empty")), progress);
            List<Long> anchor;
            try (empty) {
                anchor = empty.loads(browser, loads);
            }
            ExecutionStore store = ExecutionStore.directory(dir.resolve("executions"));
            fill(store);
            progress.println("ui: the page over " + EXECUTIONS + " executions, " + loads + " loads, " + updates + " updates");
            List<Long> full;
            List<long[]> latency = new ArrayList<>();
            try (Page page = Page.open(store, progress)) {
                full = page.loads(browser, loads);
                String count = browser.evaluate("document.getElementById('execution-counts').textContent").asText();
                if (!count.contains(EXECUTIONS + " in the store")) throw new IllegalStateException("the page shows '" + count + "'");
                for (int i = 0; i < updates; i++) latency.add(page.update(browser, i));
            }
            long median = median(full);
            long anchorMedian = median(anchor);
            long pageUpdate = median(latency.stream().map(l -> l[0]).toList());
            long streamUpdate = median(latency.stream().map(l -> l[1]).toList());
            progress.printf(Locale.ROOT, "ui: load with %d executions: median %d ms (%s), empty store %d ms (%s), ratio %.2f%n",
                    EXECUTIONS, median, full, anchorMedian, anchor, (double) median / Math.max(1, anchorMedian));
            progress.printf(Locale.ROOT, "ui: update: page %d ms, event stream %d ms (%s), ratio %.2f%n", pageUpdate, streamUpdate,
                    latency.stream().map(l -> l[0] + "/" + l[1]).toList(), (double) pageUpdate / Math.max(1, streamUpdate));
            List<BenchResult.Metric> m = new ArrayList<>();
            m.add(BenchResult.Metric.atMost("page load, 1,000 executions (median of " + loads + ")", median, "ms", 299));
            m.add(BenchResult.Metric.info("page load, 1,000 executions (slowest)", Collections.max(full), "ms"));
            m.add(BenchResult.Metric.info("page load, empty store (anchor, median)", anchorMedian, "ms"));
            m.add(BenchResult.Metric.info("page load, 1,000 / empty", round((double) median / Math.max(1, anchorMedian)), "x"));
            m.add(BenchResult.Metric.atMost("update, change to page (median of " + updates + ")", pageUpdate, "ms", 999));
            m.add(BenchResult.Metric.info("update, change to event stream (anchor)", streamUpdate, "ms"));
            m.add(BenchResult.Metric.info("update, page / stream", round((double) pageUpdate / Math.max(1, streamUpdate)), "x"));
            return new BenchResult(name(), "headless Chromium (" + Chromium.BINARY + ", DevTools protocol) against FleetUi on a loopback"
                    + " HttpServer (8 threads), the web scenario on the simulator; " + EXECUTIONS + " ended executions in a"
                    + " directory store; load = performance.timeOrigin to the last of the four views drawn, " + loads
                    + " loads after one warm-up, anchor the same page over an empty store; update = a DeregisterTargets, one virtual"
                    + " second run, then wall time to the page's row (and to the stream's fleet frame, read by a JDK HTTP client)", m);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void fill(ExecutionStore store) {
        Instant t0 = Instant.parse("2026-01-05T09:00:00Z");
        for (int i = 0; i < EXECUTIONS; i++) {
            store.save(new ExecutionRecord(String.format(Locale.ROOT, "%08d-0000-4000-8000-000000000000", i), "runbook", "Maintain",
                    i % 10 == 0 ? Status.Failed : Status.Success, Optional.of(t0.plusSeconds(i)), Optional.of(t0.plusSeconds(i + 60)),
                    Map.of("InstanceId", List.of("i-0123456789abcdef" + (i % 10))), Map.of(), Optional.empty(), List.of(), Optional.empty()));
        }
        store.flush();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The page served over one store, on the simulator's web scenario. */
    private record Page(Session session, FleetUi ui, HttpServer server, ExecutorService threads, String url) implements AutoCloseable {

        static Page open(ExecutionStore store, PrintWriter progress) throws IOException {
            Session session = Session.on(Scenarios.start(Scenarios.load("web", Map.of()), 3));
            session.settle();
            FleetUi ui = FleetUi.start(new FleetUi.Sources(session.cloud(), store, Optional.empty(), Optional.empty(), Duration.ofSeconds(1)));
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            ExecutorService threads = Executors.newFixedThreadPool(8); // as serve's intake has threads
            server.setExecutor(threads);
            ui.mount(server);
            server.start();
            session.virtualTime().runFor(Duration.ofSeconds(2));
            return new Page(session, ui, server, threads, "http://127.0.0.1:" + server.getAddress().getPort() + FleetUi.PATH);
        }

        /** {@code n} loads after one not counted; each: ms from navigation start until every view is drawn. */
        List<Long> loads(Chromium browser, int n) throws Exception {
            List<Long> out = new ArrayList<>();
            for (int i = -1; i < n; i++) {
                browser.navigate(url + "?load=" + i);
                browser.until("location.search === '?load=" + i + "' && document.readyState !== 'loading' && (() => {"
                        + " const b = document.body.dataset; return b.updatedExecutions && b.updatedFleet && b.updatedEvents"
                        + " && b.updatedReplicas; })()", 30);
                long ms = browser.evaluate("(() => { const b = document.body.dataset; return Math.round(Math.max(+b.updatedExecutions,"
                        + " +b.updatedFleet, +b.updatedEvents, +b.updatedReplicas) - performance.timeOrigin); })()").asLong();
                if (i >= 0) out.add(ms);
            }
            return out;
        }

        /**
         * Takes the {@code i}-th instance out of its target group and returns {page ms, stream ms} from the end of
         * the virtual second in which the fleet was read again.
         */
        long[] update(Chromium browser, int i) throws Exception {
            String instance = session.await(session.cloud().autoScaling().describeAutoScalingGroups(b -> { }), Duration.ofSeconds(30))
                    .autoScalingGroups().get(0).instances().get(i).instanceId();
            String tg = session.await(session.cloud().elbv2().describeTargetGroups(b -> { }), Duration.ofSeconds(30))
                    .targetGroups().get(0).targetGroupArn();
            AtomicLong streamSaw = new AtomicLong();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(url + "api/stream")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = new Thread(() -> readStream(stream.body(), instance, streamSaw), "bench-ui-stream");
            reader.setDaemon(true);
            reader.start();
            session.await(session.cloud().elbv2().deregisterTargets(b -> b.targetGroupArn(tg).targets(t -> t.id(instance))), Duration.ofSeconds(30));
            session.virtualTime().runFor(Duration.ofSeconds(1));
            long changed = System.currentTimeMillis();
            browser.until("document.querySelector(\"#out-of-rotation tr[data-instance-id='" + instance + "']\") ? 1 : 0", 30);
            long shown = browser.evaluate("+document.body.dataset.updatedFleet").asLong();
            reader.join(TimeUnit.SECONDS.toMillis(30));
            stream.body().close();
            if (streamSaw.get() == 0) throw new IllegalStateException("the event stream never showed " + instance + " out of rotation");
            return new long[] {shown - changed, streamSaw.get() - changed};
        }

        private static void readStream(InputStream body, String instance, AtomicLong saw) {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(body, java.nio.charset.StandardCharsets.UTF_8))) {
                String event = "";
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.startsWith("event:")) event = line.substring(6).trim();
                    else if (line.startsWith("data:") && event.equals("fleet")) {
                        JsonNode doc = Json.parse(line.substring(5));
                        for (JsonNode o : doc.path("OutOfRotation")) {
                            if (o.path("InstanceId").asText().equals(instance)) {
                                saw.set(System.currentTimeMillis());
                                return;
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // the stream closed
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
            ui.close();
            session.close();
        }
    }
}
