package dev.fleetops.bench;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Start-up of the commands scripts and CI loops run (issue 14): wall time of {@code fleetops validate FILE} and
 * {@code fleetops sim show}, each run 10 times as a user runs them (the {@code fleetops} launcher: class data
 * sharing, the quick compiler for short commands) and, as the anchor in the same run, as a plain {@code java -jar
 * fleetops.jar} of the same build. Medians, process start to exit, as {@code /usr/bin/time} reports elapsed time.
 */
final class StartupBenchmark implements Benchmark {

    private static final int RUNS = 10;
    private static final String SAMPLE = "examples/runbooks/RebootWithHealthcheck.yaml";

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String description() {
        return "start-up: fleetops validate FILE and sim show through the launcher vs plain java -jar, median of 10"
                + " (targets <= 0.4 s and <= 1.0 s)";
    }

    @Override
    public BenchResult run(boolean quick, PrintWriter progress) throws Exception {
        Path home = Path.of(System.getenv().getOrDefault("FLEETOPS_HOME", ".")).toAbsolutePath().normalize();
        Path launcher = home.resolve("fleetops");
        Path jar = home.resolve("cli/target/fleetops.jar");
        Path sample = home.resolve(SAMPLE);
        if (!Files.isExecutable(launcher) || !Files.isRegularFile(jar) || !Files.isRegularFile(sample)) {
            throw new IllegalStateException("bench startup runs from the source tree (the fleetops launcher, "
                    + "cli/target/fleetops.jar and " + SAMPLE + " under " + home + "); run it as ./fleetops bench startup");
        }
        int runs = quick ? 3 : RUNS;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the first run through the launcher makes its class-data archive if the build is new: not measured
        time(progress, "warm-up", List.of(launcher.toString(), "--version"), home);
        List<BenchResult.Metric> metrics = new ArrayList<>();
        for (String[] command : List.of(new String[]{"validate", sample.toString()}, new String[]{"sim", "show"})) {
            String label = command[0].equals("validate") ? "validate FILE" : "sim show";
            double target = command[0].equals("validate") ? 0.4 : 1.0;
            List<String> viaLauncher = new ArrayList<>(List.of(launcher.toString()));
            viaLauncher.addAll(Arrays.asList(command));
            List<String> plain = new ArrayList<>(List.of(java, "-jar", jar.toString()));
            plain.addAll(Arrays.asList(command));
            double ours = median(runs, progress, label + ", fleetops launcher", viaLauncher, home);
            double anchor = median(runs, progress, label + ", plain java -jar", plain, home);
            progress.printf(Locale.ROOT, "startup: %s: %.3f s, plain java -jar %.3f s, ratio %.2f%n",
                    label, ours, anchor, ours / anchor);
            metrics.add(BenchResult.Metric.atMost(label + ", fleetops (median of " + runs + ")", round(ours), "s", target));
            metrics.add(BenchResult.Metric.info(label + ", plain java -jar (anchor)", round(anchor), "s"));
            metrics.add(BenchResult.Metric.info(label + ", fleetops / plain", round(ours / anchor), "x"));
        }
        return new BenchResult(name(), runs + " runs each, median wall time from process start to exit; the "
                + "fleetops launcher (AppCDS archive of the build, C1 only for short commands) against plain "
                + "java -jar of the same jar, same machine, same run; " + SAMPLE, metrics);
    }

    private static double median(int runs, PrintWriter progress, String label, List<String> command, Path dir)
            throws Exception {
        double[] seconds = new double[runs];
        for (int i = 0; i < runs; i++) seconds[i] = time(progress, label, command, dir);
        Arrays.sort(seconds);
        return runs % 2 == 1 ? seconds[runs / 2] : (seconds[runs / 2 - 1] + seconds[runs / 2]) / 2;
    }

    private static double time(PrintWriter progress, String label, List<String> command, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.to(new File("/dev/null")));
        pb.environment().remove("FLEETOPS_JAVA_OPTS");
        long start = System.nanoTime();
        int exit = pb.start().waitFor();
        double s = (System.nanoTime() - start) / 1e9;
        if (exit != 0) throw new IllegalStateException(label + ": " + String.join(" ", command) + " exited " + exit);
        return s;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
