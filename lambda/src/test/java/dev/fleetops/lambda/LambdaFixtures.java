package dev.fleetops.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.ScenarioReader;
import dev.fleetops.sim.scenario.Scenarios;
import software.amazon.awssdk.services.autoscaling.model.Instance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The web scenario with Spot instances, the seeds' events, and ways to invoke the function classes. */
final class LambdaFixtures {

    static final String SPOT_RULES = """
            rules:
              - name: spot
                pattern: {source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning]}
                handler: spot-interruption
                settings: {min-in-service: 2}
            """;

    private LambdaFixtures() { }

    static SimRegion webSpot(String extraYaml) {
        String web = Scenarios.builtinText("web").replace("    instanceType: t3.micro\n", "    instanceType: t3.micro\n    spot: true\n")
                .replace("deregistrationDelay: 300s", "deregistrationDelay: 90s");
        SimRegion region = Scenarios.start(ScenarioReader.read("web-spot.yaml", web + extraYaml, Map.of()));
        Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
        return region;
    }

    static List<String> inService(SimRegion region, String group) {
        List<String> out = new ArrayList<>();
        for (Instance i : region.scheduler().await(region.cloud().autoScaling().describeAutoScalingGroups(b -> b
                .autoScalingGroupNames(group)), Duration.ofMinutes(1)).autoScalingGroups().get(0).instances()) {
            if ("InService".equals(i.lifecycleStateAsString())) out.add(i.instanceId());
        }
        return out;
    }

    static String seed003(String instanceId, String time) {
        return example("seed003-spot-warning.json").replace("i-1234567890abcdef0", instanceId)
                .replace("yyyy-mm-ddThh:mm:ssZ", time).replace("\"instance-action\": \"action\"", "\"instance-action\": \"terminate\"");
    }

    static String example(String name) {
        try {
            return Files.readString(Path.of("..", "examples", "events", name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String invoke(com.amazonaws.services.lambda.runtime.RequestStreamHandler h, String body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        h.handleRequest(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), out, null);
        return out.toString(StandardCharsets.UTF_8);
    }

    static SQSEvent batch(String... bodies) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            SQSEvent.SQSMessage m = new SQSEvent.SQSMessage();
            m.setMessageId("msg-" + (i + 1));
            m.setBody(bodies[i]);
            m.setEventSource("aws:sqs");
            records.add(m);
        }
        SQSEvent e = new SQSEvent();
        e.setRecords(records);
        return e;
    }
}
