package dev.fleetops.events;

import dev.fleetops.events.rules.HandlerRegistry;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.ActionKey;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerFactory;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.execution.Status;
import dev.fleetops.source.MapNode;
import dev.fleetops.time.Scheduler;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Events as AWS documents them, and test handlers that count the effects they would have. */
final class Fixtures {

    private Fixtures() { }

    static final String SPOT = """
            {"version":"0","id":"spot-1","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2",
             "account":"123456789012","time":"2024-05-01T10:00:00Z","region":"us-east-2",
             "resources":["arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0"],
             "detail":{"instance-id":"i-1234567890abcdef0","instance-action":"terminate"}}""";
    static final String REBALANCE = """
            {"version":"0","id":"rebalance-1","detail-type":"EC2 Instance Rebalance Recommendation","source":"aws.ec2",
             "account":"123456789012","time":"2024-05-01T09:58:00.214Z","region":"us-east-2",
             "resources":["arn:aws:ec2:us-east-2:123456789012:instance/i-1234567890abcdef0"],
             "detail":{"instance-id":"i-1234567890abcdef0"}}""";
    static final String STATE_TERMINATED = """
            {"id":"7bf73129-1428-4cd3-a780-95db273d1602","detail-type":"EC2 Instance State-change Notification",
             "source":"aws.ec2","account":"123456789012","time":"2015-11-11T21:29:54Z","region":"us-east-1",
             "resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
             "detail":{"instance-id":"i-abcd1111","state":"terminated"}}""";
    static final String TERMINATE_ACTION = """
            {"version":"0","id":"hook-1","detail-type":"EC2 Instance-terminate Lifecycle Action",
             "source":"aws.autoscaling","account":"123456789012","time":"2024-05-01T10:00:01Z","region":"us-east-2",
             "resources":["arn:aws:autoscaling:us-east-2:123456789012:autoScalingGroup:x:autoScalingGroupName/my-asg"],
             "detail":{"LifecycleActionToken":"87654321-4321-4321-4321-210987654321","AutoScalingGroupName":"my-asg",
               "LifecycleHookName":"my-lifecycle-hook","EC2InstanceId":"i-1234567890abcdef0",
               "LifecycleTransition":"autoscaling:EC2_INSTANCE_TERMINATING","NotificationMetadata":"additional-info"}}""";
    static final String RAW_ASG = """
            {"Service":"AWS Auto Scaling","Time":"2024-05-01T10:00:00.123Z","RequestId":"req-1",
             "LifecycleActionToken":"tok-1","AccountId":"123456789012","AutoScalingGroupName":"my-asg",
             "LifecycleHookName":"my-hook","EC2InstanceId":"i-1234567890abcdef0",
             "LifecycleTransition":"autoscaling:EC2_INSTANCE_TERMINATING","NotificationMetadata":"meta"}""";
    static final String TEST_NOTIFICATION = """
            {"AccountId":"123456789012","RequestId":"req-test",
             "AutoScalingGroupARN":"arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:u:autoScalingGroupName/my-asg",
             "AutoScalingGroupName":"my-asg","Service":"AWS Auto Scaling","Event":"autoscaling:TEST_NOTIFICATION",
             "Time":"2019-02-20T20:01:15.747Z"}""";
    static final String SAMPLE_WITH_PLACEHOLDERS = """
            {"version":"0","id":"12345678-1234-1234-1234-123456789012",
             "detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2","account":"123456789012",
             "time":"yyyy-mm-ddThh:mm:ssZ","region":"us-east-2",
             "resources":["arn:aws:ec2:us-east-2:123456789012:instance/i-1234567890abcdef0"],
             "detail":{"instance-id":"i-1234567890abcdef0","instance-action":"action"}}""";

    static String sns(String message) {
        return dev.fleetops.json.Json.compact(dev.fleetops.json.Json.object().put("Type", "Notification")
                .put("MessageId", "m-1").put("TopicArn", "arn:aws:sns:us-east-1:123456789012:t").put("Message", message));
    }

    /** Counts each drain; the (instance, drain) key makes every interruption event of one instance one drain. */
    static final class DrainCounter implements HandlerFactory {
        final List<String> drained = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile Runnable afterEffect = () -> { };
        volatile CompletionStage<Void> gate = CompletableFuture.completedFuture(null);

        @Override
        public String name() {
            return "drain-counter";
        }

        @Override
        public Handler create(MapNode settings) {
            settings.allowOnly("action");
            String action = settings.optString("action").orElse("drain");
            return new Handler() {
                @Override
                public String name() {
                    return "drain-counter";
                }

                @Override
                public Optional<ActionKey> actionKey(Event event) {
                    return event.instanceId().map(i -> new ActionKey(i, action));
                }

                @Override
                public CompletionStage<HandlerRecord> handle(Event event, HandlerContext ctx) {
                    return gate.thenApply(v -> {
                        if (failuresLeft.getAndDecrement() > 0) return ctx.recorder().failed("injected failure");
                        ctx.recorder().call("autoscaling", "DetachInstances", "InstanceIds", event.instanceId().orElse("?"),
                                "ShouldDecrementDesiredCapacity", "false");
                        drained.add(event.instanceId().orElse("?"));
                        afterEffect.run();
                        return ctx.recorder().finish(Status.Success);
                    });
                }
            };
        }
    }

    static HandlerRegistry registry(DrainCounter counter) {
        return new HandlerRegistry().register(counter);
    }

    static final String DRAIN_RULES = """
            rules:
              - name: interruption
                pattern:
                  source: [aws.ec2, aws.autoscaling]
                  detail-type:
                    - EC2 Spot Instance Interruption Warning
                    - EC2 Instance Rebalance Recommendation
                    - EC2 Instance-terminate Lifecycle Action
                    - EC2 Instance State-change Notification
                handler: drain-counter
            """;

    static Intake intake(Scheduler scheduler, DrainCounter counter, PrometheusMetrics metrics, List<String> log) {
        return intake(scheduler, counter, metrics, log, IdempotencyStores.inMemory(scheduler));
    }

    /** The same intake over a given store (one "replica" of several sharing a store); metrics and log listen to it. */
    static Intake intake(Scheduler scheduler, DrainCounter counter, PrometheusMetrics metrics, List<String> log,
                         IdempotencyStore store) {
        RuleSet rules = RuleSet.load("rules.yaml", DRAIN_RULES, registry(counter));
        Intake intake = Intake.builder(rules, scheduler, "us-east-1").store(store).build();
        intake.events().onEvent(metrics).onEvent(IntakeLog.to(log::add));
        return intake;
    }

    static final Instant NOW = Instant.parse("2024-05-01T10:00:30Z");
}
