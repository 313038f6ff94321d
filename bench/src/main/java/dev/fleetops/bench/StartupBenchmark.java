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
 * fleetops.jar} of the same build and {@code java -version} of the same JDK (the JVM's own floor). Medians of wall time,
 * process start to exit, and of user+sys CPU as {@code /usr/bin/time} reports them; the load average beside them,
 * since the machine may be shared.
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
        double loadBefore = load();
        // The JVM's own start-up, the floor under any command: the machine is shared, so it is measured in the run
        Sample jvm = median(runs, progress, "java -version (anchor)", List.of(java, "-version"), home);
        for (String[] command : List.of(new String[]{"validate", sample.toString()}, new String[]{"sim", "show"})) {
            String label = command[0].equals("validate") ? "validate FILE" : "sim show";
            double target = command[0].equals("validate") ? 0.4 : 1.0;
            List<String> viaLauncher = new ArrayList<>(List.of(launcher.toString()));
            viaLauncher.addAll(Arrays.asList(command));
            List<String> plain = new ArrayList<>(List.of(java, "-jar", jar.toString()));
            plain.addAll(Arrays.asList(command));
            Sample ours = median(runs, progress, label + ", fleetops launcher", viaLauncher, home);
            Sample anchor = median(runs, progress, label + ", plain java -jar", plain, home);
            progress.printf(Locale.ROOT, "startup: %s: %.3f s (cpu %s), plain java -jar %.3f s (cpu %s), ratio %.2f;"
                            + " java -version %.3f s%n", label, ours.wall(), ours.cpuText(), anchor.wall(),
                    anchor.cpuText(), ours.wall() / anchor.wall(), jvm.wall());
            metrics.add(BenchResult.Metric.atMost(label + ", fleetops (median of " + runs + ")", round(ours.wall()), "s", target));
            if (ours.cpu() >= 0) metrics.add(BenchResult.Metric.info(label + ", fleetops user+sys CPU", round(ours.cpu()), "s"));
            metrics.add(BenchResult.Metric.info(label + ", plain java -jar (anchor)", round(anchor.wall()), "s"));
            metrics.add(BenchResult.Metric.info(label + ", fleetops / plain", round(ours.wall() / anchor.wall()), "x"));
            metrics.add(BenchResult.Metric.info(label + ", fleetops / java -version", round(ours.wall() / jvm.wall()), "x"));
        }
        metrics.add(BenchResult.Metric.info("java -version (anchor, median of " + runs + ")", round(jvm.wall()), "s"));
        if (jvm.cpu() >= 0) metrics.add(BenchResult.Metric.info("java -version user+sys CPU", round(jvm.cpu()), "s"));
        metrics.add(BenchResult.Metric.info("load average (1 min) before", round(loadBefore), ""));
        metrics.add(BenchResult.Metric.info("load average (1 min) after", round(load()), ""));
        return new BenchResult(name(), runs + " runs each, median wall time from process start to exit and median "
                + "user+sys CPU (/usr/bin/time, when installed); the fleetops launcher (AppCDS archive of the build, "
                + "C1 only for short commands) against plain java -jar of the same jar and java -version of the same "
                + "JDK, same machine, same run; " + SAMPLE, metrics);
    }

    /** A command's median wall time and median user+sys CPU time in seconds (-1 when not measured). */
    private record Sample(double wall, double cpu) {
        String cpuText() {
            return cpu < 0 ? "not measured" : String.format(Locale.ROOT, "%.3f s", cpu);
        }
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static Sample median(int runs, PrintWriter progress, String label, List<String> command, Path dir)
            throws Exception {
        double[] wall = new double[runs];
        double[] cpu = new double[runs];
        for (int i = 0; i < runs; i++) {
            Sample s = time(progress, label, command, dir);
            wall[i] = s.wall();
            cpu[i] = s.cpu();
        }
        return new Sample(median(wall), median(cpu));
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static final Path TIME = Path.of("/usr/bin/time");

    /** One run; its CPU from /usr/bin/time (GNU time: user and system seconds of the process and its children). */
    private static Sample time(PrintWriter progress, String label, List<String> command, Path dir) throws Exception {
        Path report = Files.isExecutable(TIME) ? Files.createTempFile("fleetops-startup", ".time") : null;
        List<String> argv = new ArrayList<>();
        if (report != null) argv.addAll(List.of(TIME.toString(), "-o", report.toString(), "-f", "%U %S"));
        argv.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.to(new File("/dev/null")));
        pb.environment().remove("FLEETOPS_JAVA_OPTS");
        long start = System.nanoTime();
        int exit = pb.start().waitFor();
        double s = (System.nanoTime() - start) / 1e9;
        if (exit != 0) throw new IllegalStateException(label + ": " + String.join(" ", command) + " exited " + exit);
        double cpu = -1;
        if (report != null) {
            try {
                String[] f = Files.readString(report).trim().split("\\s+");
                cpu = Double.parseDouble(f[f.length - 2]) + Double.parseDouble(f[f.length - 1]);
            } catch (RuntimeException e) {
                progress.println("startup: " + label + ": no CPU time from " + TIME + ": " + e.getMessage());
            } finally {
                Files.deleteIfExists(report);
            }
        }
        return new Sample(s, cpu);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
