package dev.fleetops.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.Intake;
import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.sources.SqsSource;
import dev.fleetops.events.spi.Event;
import dev.fleetops.events.spi.Handler;
import dev.fleetops.events.spi.HandlerContext;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.json.Json;
import dev.fleetops.reconcile.EventSource;
import dev.fleetops.source.Location;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * EC2 state-change events from an SQS queue (fed by an EventBridge rule) as apply's {@link EventSource}: the
 * same intake as {@code fleetops serve} (classification, SNS unwrapping, delete after delivery, DLQ), with one
 * rule whose handler hands each event to the watches. Real time (AWS) only: the simulator has its own bus.
 */
final class QueueEvents implements EventSource, AutoCloseable {

    private final List<Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();
    private final SqsSource source;
    private final CompletableFuture<Void> started;

    QueueEvents(Cloud cloud, String queueUrl) {
        this(cloud, SqsSource.Settings.defaults(queueUrl));
    }

    QueueEvents(Cloud cloud, SqsSource.Settings settings) {
        Handler forward = new Handler() {
            @Override
            public String name() {
                return "apply-watch";
            }

            @Override
            public CompletionStage<HandlerRecord> handle(Event event, HandlerContext context) {
                JsonNode e = event.envelopeJson();
                for (Consumer<JsonNode> l : listeners) l.accept(e);
                return CompletableFuture.completedFuture(context.recorder().finish(Status.Success));
            }
        };
        JsonNode pattern = Json.object().set("source", Json.MAPPER.createArrayNode().add("aws.ec2"));
        Rule rule = new Rule("apply-watch", Location.of("apply"), "EC2 events for apply's watches", pattern, forward);
        var scheduler = cloud.scheduler();
        Intake intake = Intake.builder(RuleSet.of(List.of(rule)), cloud).runbooks((d, p) -> CompletableFuture.failedFuture(
                new UnsupportedOperationException("apply's watch runs no runbooks"))).build();
        this.source = new SqsSource(cloud.sqs(), intake, scheduler, scheduler.executor(), settings);
        this.started = source.start();
    }

    @Override
    public CompletionStage<Subscription> subscribe(Consumer<JsonNode> listener) {
        listeners.add(listener);
        // Ready only once the queue is really being polled (mgmt's docs/resource-guide.md: no check before the watch is in place).
        return started.thenApply(v -> () -> listeners.remove(listener));
    }

    /** Stops polling and waits (bounded) for in-flight messages to be deleted or released. Real time only. */
    @Override
    public void close() {
        try {
            source.stop(Duration.ofSeconds(5)).get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway; undeleted messages are redelivered to the next watcher
        }
    }
}
