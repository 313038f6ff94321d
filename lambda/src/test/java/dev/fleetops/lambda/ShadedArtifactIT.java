package dev.fleetops.lambda;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.dynamodb.DynamoDbTable;
import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.handlers.decommission.DynamoDbInventoryStore;
import dev.fleetops.lambda.standin.ShadedJar;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.route53.model.RRType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The artifact template.yaml deploys (lambda/target/fleetops-lambda.jar, after ServiceModelTrim) handles each
 * function's events in a fresh JVM whose class path is that jar alone, against moto: a class the trim or the shade
 * lost fails here. Run by the {@code shaded-artifact} surefire execution, after the package phase built the jar.
 */
class ShadedArtifactIT {

    private static final String EVENTS = EventBridgeFunction.class.getName();
    private static final String QUEUE = SqsFunction.class.getName();
    private static final String SCHEDULE = ScheduledFunction.class.getName();

    @TempDir
    static Path work;
    private static Cloud cloud;
    private static ShadedJar jar;
    private static Map<String, String> aws;

    @BeforeAll
    static void moto() {
        MotoServer moto = MotoServer.shared();
        cloud = moto.cloud();
        jar = new ShadedJar(work);
        aws = Map.of("AWS_REGION", MotoServer.REGION, "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                LambdaEnvironment.ENDPOINT, moto.endpoint().toString());
        DynamoDbAsyncClient dynamo = DynamoDbAsyncClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
        new DynamoDbTable(dynamo, "fleetops-idempotency", IdempotencyStores.KEY).createIfMissing(Optional.of(IdempotencyStores.TTL_ATTRIBUTE));
        new DynamoDbTable(dynamo, "fleetops-inventory", DynamoDbInventoryStore.KEY).createIfMissing(Optional.empty());
        dynamo.close();
    }

    private static Path file(String name, String text) throws Exception {
        return Files.writeString(work.resolve(name), text);
    }

    private static Map<String, String> env(String... more) {
        Map<String, String> env = new HashMap<>(aws);
        for (int i = 0; i < more.length; i += 2) env.put(more[i], more[i + 1]);
        return env;
    }

    /** The deployment artifact stays under 20 MB (10^6 bytes, as the console and `ls -l` count; issue target). */
    @Test
    void theArtifactIsUnderTwentyMegabytes() throws Exception {
        assertThat(Files.size(ShadedJar.JAR)).as(ShadedJar.JAR + " in bytes").isLessThan(20_000_000L);
    }

    @Test
    void everyFunctionHandlesItsEventsAndASecondEnvironmentSharesTheIdempotencyKeys() throws Exception {
        cloud.ec2().createLaunchTemplate(b -> b.launchTemplateName("web").launchTemplateData(d -> d
                .imageId("ami-12c6146b").instanceType("t3.micro"))).join();
        cloud.autoScaling().createAutoScalingGroup(b -> b.autoScalingGroupName("web").minSize(1).maxSize(4)
                .desiredCapacity(2).availabilityZones("us-east-1a")
                .launchTemplate(t -> t.launchTemplateName("web").version("$Latest"))).join();
        String victim = group().instances().get(0).instanceId();
        String zoneId = cloud.route53().createHostedZone(b -> b.name("internal.example.com.").callerReference("shaded"))
                .join().hostedZone().id().replaceFirst("^/hostedzone/", "");
        Instance web1 = cloud.ec2().runInstances(b -> b.imageId("ami-12c6146b").instanceType("t3.micro").minCount(1)
                .maxCount(1).tagSpecifications(t -> t.resourceType("instance").tags(x -> x.key("Name").value("web-1"))))
                .join().instances().get(0);
        cloud.route53().changeResourceRecordSets(b -> b.hostedZoneId(zoneId).changeBatch(cb -> cb.changes(c -> c
                .action("CREATE").resourceRecordSet(r -> r.name("web-1.internal.example.com.").type(RRType.A).ttl(60L)
                        .resourceRecords(v -> v.value(web1.privateIpAddress())))))).join();
        String dlq = cloud.sqs().createQueue(b -> b.queueName("fleetops-dlq")).join().queueUrl();
        Path rules = file("rules.yaml", """
                rules:
                  - name: spot
                    pattern: {source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning]}
                    handler: spot-interruption
                    settings: {min-in-service: 2, tag-detached: true}
                  - name: decommission
                    pattern: {source: [aws.ec2], detail-type: [EC2 Instance State-change Notification]}
                    handler: decommission
                    settings:
                      route53: {zone-id: %s, record: "{name}.internal.example.com"}
                """.formatted(zoneId));
        Path spot = file("spot.json", LambdaFixtures.seed003(victim, Instant.now().toString()));
        Path running = file("running.json", LambdaFixtures.example("seed002-terminated.json").replace("i-abcd1111", web1.instanceId())
                .replace("\"state\":\"terminated\"", "\"state\":\"running\"").replace("7bf73129", "0bf73129"));
        Path poison = file("poison.txt", "{not json");
        Path terminated = file("terminated.json", LambdaFixtures.example("seed002-terminated.json").replace("i-abcd1111", web1.instanceId()));
        Path tick = file("schedule.json", "{\"source\":\"aws.events\",\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
        Map<String, String> tables = env(LambdaEnvironment.IDEMPOTENCY_TABLE, "fleetops-idempotency",
                LambdaEnvironment.INVENTORY_TABLE, "fleetops-inventory", LambdaEnvironment.DEAD_LETTER_QUEUE, dlq);
        Map<String, String> withRules = new HashMap<>(tables);
        withRules.put(LambdaEnvironment.RULES, rules.toString());

        ShadedJar.Run first = jar.run(withRules, List.of(EVENTS + "=" + spot, QUEUE + "=" + running + "," + poison));
        cloud.ec2().terminateInstances(b -> b.instanceIds(web1.instanceId())).join();
        ShadedJar.Run later = jar.run(withRules, List.of(QUEUE + "=" + terminated, SCHEDULE + "=" + tick));
        // another execution environment, with the rules packaged in the jar: the same warning again
        ShadedJar.Run other = jar.run(tables, List.of(EVENTS + "=" + spot));

        assertThat(first.line(0)).as(first.stderr()).contains("\"Status\":\"Success\"", "\"Operation\":\"DetachInstances\"");
        assertThat(group().instances()).noneMatch(i -> i.instanceId().equals(victim));
        assertThat(first.line(1)).as(first.stderr()).endsWith("-> batchItemFailures=[]");
        assertThat(cloud.sqs().receiveMessage(b -> b.queueUrl(dlq)).join().messages())
                .singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("{not json"));
        assertThat(later.line(0)).as(later.stderr()).endsWith("-> batchItemFailures=[]");
        assertThat(cloud.route53().listResourceRecordSets(b -> b.hostedZoneId(zoneId)).join().resourceRecordSets())
                .noneMatch(r -> r.type() == RRType.A);
        assertThat(later.line(1)).as(later.stderr()).startsWith(SCHEDULE + " -> {").contains("\"decommission\"");
        assertThat(other.line(0)).as(other.stderr()).contains("duplicate: event", "was already handled")
                .doesNotContain("\"Operation\":\"DetachInstances\"");
    }

    @Test
    void aRulesFileThatDoesNotLoadFailsEveryInvocationWithItsLineAndNoStackTrace() throws Exception {
        Path bad = file("bad-rules.yaml", """
                rules:
                  - name: spot
                    pattern: {source: [aws.ec2]}
                    handler: no-such-handler
                """);

        ShadedJar.Run run = jar.run(env(LambdaEnvironment.RULES, bad.toString()),
                List.of(EVENTS + "=" + file("empty.json", "{}"), EVENTS + "=" + work.resolve("empty.json")));

        for (int i = 0; i < 2; i++) {
            assertThat(run.line(i)).startsWith(EVENTS + " failed: " + LambdaEnvironment.ConfigurationError.class.getName()
                    + ": the rules do not load (FLEETOPS_RULES=" + bad + "): " + bad + ":4").contains("no-such-handler")
                    .endsWith("(0 stack frames)");
        }
        assertThat(run.stderr()).contains("fleetops: the function cannot start: the rules do not load").doesNotContain("\tat ");
    }

    private static AutoScalingGroup group() {
        return cloud.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames("web")).join()
                .autoScalingGroups().get(0);
    }
}
