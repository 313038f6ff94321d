package dev.fleetops.lambda.standin;

import dev.fleetops.testing.MotoServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cold start BENCHMARKS.md records: N fresh JVMs (java -cp fleetops-lambda.jar, the template's
 * JAVA_TOOL_OPTIONS, no SnapStart), each timed from its start to the end of its first EventBridgeFunction
 * invocation: a Spot warning for an instance in no group, against moto (rules loaded, Cloud and handlers built, one
 * DescribeAutoScalingInstances call). Prints each run and the median. Run from lambda/ after mvn package:
 * {@code java -cp target/test-classes:$(test classpath) dev.fleetops.lambda.standin.ColdStart [N]}.
 */
public final class ColdStart {

    private ColdStart() { }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        try (MotoServer moto = MotoServer.start()) {
            Path work = Files.createTempDirectory("cold-start");
            ShadedJar jar = new ShadedJar(work);
            String warning = Files.readString(Path.of("..", "examples", "events", "seed003-spot-warning.json"))
                    .replace("yyyy-mm-ddThh:mm:ssZ", java.time.Instant.now().toString())
                    .replace("\"instance-action\": \"action\"", "\"instance-action\": \"terminate\"");
            Path event = Files.writeString(work.resolve("spot.json"), warning);
            Map<String, String> env = Map.of("AWS_REGION", MotoServer.REGION, "AWS_ACCESS_KEY_ID", "test",
                    "AWS_SECRET_ACCESS_KEY", "test", "FLEETOPS_ENDPOINT", moto.endpoint().toString());
            List<Long> ms = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ShadedJar.Run r = jar.run(env, List.of("dev.fleetops.lambda.EventBridgeFunction=" + event));
                if (r.exit() != 0 || r.line(0).contains(" failed: ")) throw new IllegalStateException(r.line(0) + "\n" + r.stderr());
                ms.add(r.firstEventMillis());
                System.out.println("run " + (i + 1) + ": " + r.firstEventMillis() + " ms");
            }
            List<Long> sorted = ms.stream().sorted().toList();
            System.out.println("median " + sorted.get(sorted.size() / 2) + " ms of " + runs + " runs " + sorted
                    + ", java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        }
    }
}
