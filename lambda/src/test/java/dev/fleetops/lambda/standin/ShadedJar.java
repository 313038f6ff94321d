package dev.fleetops.lambda.standin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * lambda/target/fleetops-lambda.jar run by {@link LambdaStandIn} in a child JVM, with the environment Lambda would
 * give it. The child's class path is the jar and a directory holding only the stand-in's class.
 */
public final class ShadedJar {

    public static final Path JAR = Path.of("target", "fleetops-lambda.jar");
    /** The options template.yaml sets (JAVA_TOOL_OPTIONS). */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";

    /** What the child printed: one line per invocation, then first-event-ms. */
    public record Run(int exit, List<String> lines, String stderr) {

        public String line(int invocation) {
            return lines.size() > invocation ? lines.get(invocation) : "(no line " + invocation + "; stderr: " + stderr + ")";
        }

        public long firstEventMillis() {
            return Long.parseLong(lines.get(lines.size() - 1).replace("first-event-ms=", ""));
        }
    }

    private final Path standIn;

    /** @param work a directory for the stand-in's class */
    public ShadedJar(Path work) {
        if (!Files.isRegularFile(JAR)) throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run mvn package -pl lambda");
        standIn = work.resolve("stand-in");
        Path cls = Path.of("dev", "fleetops", "lambda", "standin", "LambdaStandIn.class");
        try {
            Files.createDirectories(standIn.resolve(cls).getParent());
            Files.copy(Path.of("target", "test-classes").resolve(cls), standIn.resolve(cls));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the invocations ({@code CLASS=FILE[,FILE...]}) in one fresh JVM with exactly {@code env} (plus PATH). */
    public Run run(Map<String, String> env, List<String> invocations) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", JAR.toAbsolutePath() + java.io.File.pathSeparator + standIn.toAbsolutePath(),
                LambdaStandIn.class.getName()));
        cmd.addAll(invocations);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        String path = pb.environment().get("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path);
        pb.environment().put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
        pb.environment().putAll(env);
        Path err = Files.createTempFile(standIn, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Run(exit, out.lines().toList(), Files.readString(err));
    }
}
