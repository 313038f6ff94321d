package dev.fleetops.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The {@code fleetops serve} child processes of one {@link ChaosCluster} run: starting, killing, restarting and
 * waiting for them. Each replica logs to {@code replica-N.log} in the work folder, every incarnation appending to it;
 * an incarnation is up once its part of the log says it polls ({@code "rules, "}, serve's line after start-up).
 */
final class ChaosReplicas {

    /** How long a replica may take to come up before that is a finding. */
    private static final Duration UP = Duration.ofMinutes(2);

    private final List<ChaosTap> taps;
    private final Path cfg;
    private final Path work;
    private final String classpath;
    private final String journal;
    private final List<String> problems;
    private final Process[] processes;
    private final long[] logStart; // where each replica's current incarnation's part of its log begins
    private final Set<Integer> dead = new HashSet<>();

    ChaosReplicas(List<ChaosTap> taps, Path cfg, Path work, String classpath, String journal, List<String> problems) {
        this.taps = taps;
        this.cfg = cfg;
        this.work = work;
        this.classpath = classpath;
        this.journal = journal;
        this.problems = problems;
        this.processes = new Process[taps.size()];
        this.logStart = new long[taps.size()];
    }

    int size() {
        return processes.length;
    }

    /** Starts them all and waits until each polls: the first alone, since it creates the shared tables. */
    void startAll() throws Exception {
        start(0);
        awaitUp(0);
        for (int r = 1; r < size(); r++) start(r);
        for (int r = 1; r < size(); r++) awaitUp(r);
    }

    /** The replica to kill: any (it is restarted), or one of those alive when kills are not restarted (-1: one is left). */
    int victim(Random random, boolean restart) {
        if (restart) return random.nextInt(size());
        List<Integer> alive = new ArrayList<>();
        for (int r = 0; r < size(); r++) if (processes[r].isAlive()) alive.add(r);
        return alive.size() <= 1 ? -1 : alive.get(random.nextInt(alive.size()));
    }

    void kill(int r) throws InterruptedException {
        processes[r].destroyForcibly();
        processes[r].waitFor(1, TimeUnit.MINUTES);
    }

    /** After a kill: the victim's next incarnation at once, or (without restarts) it stays dead. */
    void restartOrBury(int r, boolean restart) throws IOException {
        if (restart) start(r);
        else dead.add(r);
    }

    /** A replica that exited by itself (not killed) is a finding: it is reported, then restarted. */
    void restartTheDead() throws IOException {
        for (int r = 0; r < size(); r++) {
            if (processes[r] != null && !processes[r].isAlive() && !dead.contains(r)) {
                problems.add("replica " + r + " exited by itself with code " + processes[r].exitValue() + " (see " + log(r) + ")");
                start(r);
            }
        }
    }

    /**
     * One failure at a time: waits until every live replica's current incarnation polls. One that exits or does not
     * come up within two minutes is a finding, restarted like one that exited by itself, and the kills go on.
     */
    void awaitEveryonePolling() throws Exception {
        for (int r = 0; r < size(); r++) {
            if (dead.contains(r)) continue;
            try {
                awaitUp(r);
            } catch (IllegalStateException notUp) {
                problems.add("replica " + r + " did not come up before the next kill: " + firstLine(notUp.getMessage()));
                kill(r);
                start(r);
            }
        }
    }

    /** A graceful stop of every replica (SIGTERM), forced after a minute. */
    void stopAll() throws InterruptedException {
        for (Process p : processes) p.destroy();
        for (Process p : processes) {
            if (!p.waitFor(1, TimeUnit.MINUTES)) p.destroyForcibly();
        }
    }

    /** Whatever runs still, killed: the run ends, or failed. */
    void destroyAll() {
        for (Process p : processes) if (p != null) p.destroyForcibly();
    }

    Path log(int r) {
        return work.resolve("replica-" + r + ".log");
    }

    /** Starts replica {@code r}'s next incarnation, its part of the log beginning where the file ends now. */
    private void start(int r) throws IOException {
        logStart[r] = Files.exists(log(r)) ? Files.size(log(r)) : 0;
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m", "-cp", classpath, "dev.fleetops.cli.Main",
                "--cloud", "aws", "--region", "us-east-1", "--endpoint-url", taps.get(r).endpoint().toString(),
                "serve", "--config", cfg.toString(), "--docs", work.resolve("docs").toString(),
                "--store", work.resolve("store-" + r).toString(), "--table", journal);
        pb.environment().put("AWS_ACCESS_KEY_ID", "x");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "x");
        pb.environment().remove("AWS_PROFILE");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log(r).toFile()));
        processes[r] = pb.start();
    }

    /** Waits until replica {@code r}'s current incarnation polls; fails, with its log, when it exits or takes too long. */
    private void awaitUp(int r) throws Exception {
        Path log = log(r);
        long end = System.nanoTime() + UP.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log) && since(log, logStart[r]).contains("rules, ")) return;
            Process p = processes[r];
            if (!p.isAlive()) throw new IllegalStateException("replica exited with " + p.exitValue() + ": " + Files.readString(log));
            Thread.sleep(100); // a real process starting; the guard only stops a hang
        }
        throw new IllegalStateException("replica did not start within " + UP + ": " + Files.readString(log));
    }

    /** The log past byte {@code from}: only the incarnation's part is read, polled every 100 ms beside the replicas. */
    private static String since(Path log, long from) throws IOException {
        try (var file = new RandomAccessFile(log.toFile(), "r")) {
            long at = Math.min(from, file.length());
            byte[] tail = new byte[(int) (file.length() - at)];
            file.seek(at);
            file.readFully(tail);
            return new String(tail, StandardCharsets.UTF_8);
        }
    }

    private static String firstLine(String text) {
        int nl = text == null ? -1 : text.indexOf('\n');
        return nl < 0 ? String.valueOf(text) : text.substring(0, nl);
    }
}
