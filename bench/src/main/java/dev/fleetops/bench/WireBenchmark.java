package dev.fleetops.bench;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.wire.SimServer;
import dev.fleetops.testing.MotoServer;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * {@code fleetops bench wire}: the simulated region on the wire ({@link SimServer}, in this JVM, at speed 1) against
 * moto ({@code python3 -m moto.server}, started here) on the same machine in the same run, the same resources on
 * both ({@link WireWorkload}, through the SDK v2 clients of fleetops's AWS path), and the SDK's own signed requests
 * replayed as the load ({@link WireLoad}) over loopback.
 * Per call: closed-loop throughput on both and their ratio (target >= 5x), open-loop p99 at 2,000 requests/s on
 * the simulator (target < 10 ms) and on moto at a rate it sustains.
 */
public final class WireBenchmark implements Benchmark {

    static final int IN_FLIGHT = 16;
    /** Connections the open loop sends on: enough that 2,000/s at a few ms each never waits for a free one. */
    static final int OPEN_CONNECTIONS = 32;
    static final double RATE = 2_000;
    static final double MIN_RATIO = 5;
    static final double MAX_P99_MS = 10;

    @Override
    public String name() {
        return "wire";
    }

    @Override
    public String description() {
        return "sim serve vs moto over loopback, the SDK v2 clients' signed requests (target >= 5x moto's requests/s, p99 < 10 ms at 2,000/s)";
    }

    private record Side(String name, Cloud cloud, WireWorkload work) { }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        double warmup = quick ? 0.5 : 5;
        double seconds = quick ? 1 : 10;
        int atLeast = quick ? IN_FLIGHT : 3 * IN_FLIGHT; // answers per closed-loop measurement, however slow the side
        // moto missing is the machine's state, not a failure of the bench: say what to install (exit 2)
        MotoServer.probe().ifPresent(why -> {
            throw new UsageError("bench wire measures sim serve against moto on this machine, and " + why
                    + "; install it with: pip install 'moto[server]' (moto's documentation, \"Server mode\")");
        });
        String loadBefore = uptime();
        progress.println("wire: " + loadBefore);
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.disableEc2Metadata", "true");
        List<BenchResult.Metric> m = new ArrayList<>();
        try (SimRegion region = new SimRegion(SimRegion.Settings.defaults());
             SimServer sim = SimServer.start(region, SimServer.Options.defaults());
             MotoServer moto = MotoServer.start()) {
            progress.println("wire: sim serve at " + sim.endpoint() + ", moto at " + moto.endpoint() + "; creating the resources...");
            Side s = side("sim", sim.endpoint(), () -> advance(sim.endpoint(), 300));
            Side o = side("moto", moto.endpoint(), () -> { });
            LongSupplier simCpu = WireCpu.simServer();
            LongSupplier jvmCpu = WireCpu.thisProcess();
            LongSupplier motoCpu = WireCpu.moto().orElse(() -> -1);
            try {
                // -Dfleetops.bench.wire.only=NAME: one call alone (profiling a hot spot)
                String only = System.getProperty("fleetops.bench.wire.only", "");
                List<WireWorkload.Op> simOps = s.work().ops(sim.endpoint());
                List<WireWorkload.Op> motoOps = o.work().ops(moto.endpoint());
                for (int i = 0; i < simOps.size(); i++) {
                    WireWorkload.Op simOp = simOps.get(i);
                    if (!simOp.name().startsWith(only)) continue;
                    WireLoad.Target simT = probe("sim", sim.endpoint(), simOp);
                    WireLoad.Target motoT = probe("moto", moto.endpoint(), motoOps.get(i));
                    progress.println("wire: " + simOp.name() + ": closed loop, " + IN_FLIGHT + " connections...");
                    long simCpu0 = simCpu.getAsLong(), jvm0 = jvmCpu.getAsLong();
                    WireLoad.Throughput st = WireLoad.closed(simT, IN_FLIGHT, warmup, seconds, atLeast);
                    double simUs = (simCpu.getAsLong() - simCpu0) / 1e3 / st.answered();
                    double clientUs = (jvmCpu.getAsLong() - jvm0) / 1e3 / st.answered() - simUs;
                    long moto0 = motoCpu.getAsLong();
                    WireLoad.Throughput ot = WireLoad.closed(motoT, IN_FLIGHT, warmup, seconds, atLeast);
                    double motoUs = moto0 < 0 ? -1 : (motoCpu.getAsLong() - moto0) / 1e3 / ot.answered();
                    progress.printf(Locale.ROOT, "wire:   sim %.0f/s (%d failed), moto %.0f/s (%d failed)%n", st.perSecond(),
                            st.failed(), ot.perSecond(), ot.failed());
                    double motoRate = Math.max(1, Math.min(RATE, Math.floor(ot.perSecond() / 2)));
                    progress.println("wire: " + simOp.name() + ": open loop, sim at " + (long) RATE + "/s, moto at " + (long) motoRate + "/s...");
                    WireLoad.Latency sl = WireLoad.open(simT, RATE, warmup, seconds, OPEN_CONNECTIONS);
                    WireLoad.Latency ol = WireLoad.open(motoT, motoRate, warmup, seconds, OPEN_CONNECTIONS);
                    String op = simOp.name();
                    String simError = st.firstError() != null ? st.firstError() : sl.firstError();
                    if (simError != null) progress.println("wire:   sim's first error: " + simError);
                    m.add(BenchResult.Metric.info(op + ": sim requests/s (closed loop)", tenths(st.perSecond()), "req/s"));
                    m.add(BenchResult.Metric.info(op + ": moto requests/s (closed loop)", tenths(ot.perSecond()), "req/s"));
                    m.add(BenchResult.Metric.atLeast(op + ": sim / moto throughput", ratio(st.perSecond(), ot.perSecond()), "x", MIN_RATIO));
                    m.add(BenchResult.Metric.info(op + ": sim server CPU per request", Math.round(simUs), "us"));
                    m.add(BenchResult.Metric.info(op + ": moto server CPU per request", Math.round(motoUs), "us"));
                    m.add(BenchResult.Metric.info(op + ": moto / sim server CPU per request", motoUs < 0 ? 0 : ratio(motoUs, simUs), "x"));
                    m.add(BenchResult.Metric.info(op + ": load generator CPU per request", Math.round(clientUs), "us"));
                    m.add(BenchResult.Metric.atMost(op + ": sim p99 at " + (long) RATE + "/s (open loop)", sl.p99(), "ms", MAX_P99_MS));
                    m.add(BenchResult.Metric.info(op + ": sim p50 at " + (long) RATE + "/s", sl.p50(), "ms"));
                    m.add(BenchResult.Metric.info(op + ": moto p99 at " + (long) motoRate + "/s (open loop)", ol.p99(), "ms"));
                    m.add(BenchResult.Metric.info(op + ": moto p50 at " + (long) motoRate + "/s", ol.p50(), "ms"));
                    m.add(BenchResult.Metric.atMost(op + ": error answers, sim", st.failed() + sl.failed(), "requests", 0));
                    m.add(BenchResult.Metric.info(op + ": error answers, moto", ot.failed() + ol.failed(), "requests"));
                    m.add(BenchResult.Metric.info(op + ": open loop, sim: not answered (sending stopped more than 1 s behind)", sl.lost(), "requests"));
                    m.add(BenchResult.Metric.info(op + ": open loop, moto: not answered", ol.lost(), "requests"));
                }
            } finally {
                s.cloud().close();
                o.cloud().close();
            }
        }
        String loadAfter = uptime();
        progress.println("wire: " + loadAfter);
        m.add(BenchResult.Metric.info("machine load average (1 min) at start", loadAverage(loadBefore), "load"));
        m.add(BenchResult.Metric.info("machine load average (1 min) at end", loadAverage(loadAfter), "load"));
        return new BenchResult(name(), "sim serve (SimServer in this JVM, speed 1, an empty region) and moto (python3 -m moto.server,"
                + " started by the bench) on loopback, the same resources made through the API on each (" + WireWorkload.INSTANCES
                + " instances, a target group of " + WireWorkload.TARGETS + " targets, one queue); the load: each call's request as"
                + " the SDK v2 sync client marshals and signs it for that server, replayed on kept-alive HTTP/1.1 connections (one thread each)"
                + " and each answer read whole; closed loop with " + IN_FLIGHT + " connections for throughput, open loop at a fixed rate"
                + " on " + OPEN_CONNECTIONS + " connections for latency (from each request's due instant; sending stops once one is 1 s late); " + warmup + " s warm-up then " + seconds
                + " s (and at least " + atLeast + " answers) measured per call and side; CPU per request: the simulator's threads (ThreadMXBean), moto's process (/proc), over each closed loop;"
                + " uptime before: " + loadBefore + "; after: " + loadAfter, m);
    }

    /** The call's requests, each sent once and its answer checked: the measurement is of right answers. */
    private static WireLoad.Target probe(String side, URI endpoint, WireWorkload.Op op) throws IOException {
        try (WireConnection c = new WireConnection(endpoint)) {
            for (int i = 0; i < op.requests().size(); i++) {
                SignedRequest r = op.requests().get(i);
                WireConnection.Answer a = c.send(r);
                WireWorkload.Expect e = op.expect().get(i);
                if (a.status() != 200 || !e.holds(a.text())) {
                    throw new IllegalStateException(side + " answered " + r.name() + " with HTTP " + a.status() + ", not "
                            + e.count() + " x " + e.pattern() + ": " + a.text());
                }
            }
        }
        return new WireLoad.Target(endpoint, op.requests());
    }

    private static Side side(String name, URI endpoint, Runnable settle) throws Exception {
        Cloud cloud = AwsCloud.create(new AwsSettings(Optional.of("us-east-1"), Optional.empty(), Optional.of(endpoint), false));
        try {
            return new Side(name, cloud, WireWorkload.create(cloud, settle));
        } catch (Exception | Error e) {
            cloud.close();
            throw e;
        }
    }

    /** Virtual time on the served region through its admin API: the launched instances boot without waiting. */
    private static void advance(URI endpoint, int seconds) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve(
                    "/_fleetops/advance?seconds=" + seconds)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException("advance answered " + r.statusCode() + ": " + r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double tenths(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static double ratio(double a, double b) {
        return b > 0 ? Math.round(a / b * 100) / 100.0 : 0;
    }

    /** The machine's {@code uptime} line (Linux: from /proc when the command is missing). */
    static String uptime() {
        try {
            Process p = new ProcessBuilder("uptime").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && !out.isEmpty()) return out;
        } catch (IOException e) {
            // no uptime command: read the kernel's numbers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return "load average: " + String.join(", ", Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).replaceAll(", [0-9]+/.*", "");
        } catch (IOException e) {
            return "load average: unknown";
        }
    }

    static double loadAverage(String uptime) {
        int i = uptime.indexOf("load average");
        if (i < 0) return -1;
        String rest = uptime.substring(uptime.indexOf(':', i) + 1).trim();
        try {
            return Double.parseDouble(rest.split(",\\s*")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
