package dev.fleetops.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.fleetops.events.MessageFate;
import dev.fleetops.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handler {@code dev.fleetops.lambda.SqsFunction::handleRequest}: an SQS event source mapping with
 * {@code ReportBatchItemFailures} (EventBridge -> SQS -> function). Each message is handled on its own; the
 * response names only the messages to redeliver (partial batch failure), never failing the whole batch for one.
 * An unparsable message is moved to {@code FLEETOPS_DEAD_LETTER_QUEUE_URL} when set (then deleted), else reported
 * as failed so the queue's redrive policy moves it to its dead-letter queue after maxReceiveCount.
 */
public final class SqsFunction implements RequestHandler<SQSEvent, SQSBatchResponse> {

    private static final Logger LOG = LoggerFactory.getLogger(SqsFunction.class);

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        FleetopsFunction f = FleetopsFunction.get();
        List<SQSEvent.SQSMessage> messages = event.getRecords() == null ? List.of() : event.getRecords();
        // All messages of the batch are handled at once: one slow drain must not hold the others back.
        List<CompletableFuture<Boolean>> deletable = new ArrayList<>();
        for (SQSEvent.SQSMessage m : messages) deletable.add(one(f, m).toCompletableFuture());
        f.await(CompletableFuture.allOf(deletable.toArray(CompletableFuture[]::new)));
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (!deletable.get(i).join()) failures.add(new SQSBatchResponse.BatchItemFailure(messages.get(i).getMessageId()));
        }
        return new SQSBatchResponse(failures);
    }

    /** @return completes with true when the message may be deleted; never exceptionally */
    private CompletionStage<Boolean> one(FleetopsFunction f, SQSEvent.SQSMessage m) {
        CompletionStage<MessageFate> handled;
        try {
            handled = f.submit("sqs", m.getBody());
        } catch (RuntimeException e) {
            handled = CompletableFuture.failedFuture(e);
        }
        return handled.<CompletionStage<Boolean>>handle((o, e) -> {
            if (e != null) {
                LOG.warn("message {} failed: {}", m.getMessageId(), e.getMessage());
                return CompletableFuture.completedFuture(false);
            }
            LOG.info("message {}: {}", m.getMessageId(), Json.compact(Summaries.of(o)));
            return switch (o.disposition()) {
                case DELETE -> CompletableFuture.completedFuture(true);
                case RETRY -> CompletableFuture.completedFuture(false);
                case DEAD_LETTER -> deadLetter(f, m).toCompletableFuture();
            };
        }).thenCompose(x -> x);
    }

    private CompletionStage<Boolean> deadLetter(FleetopsFunction f, SQSEvent.SQSMessage m) {
        Optional<String> dlq = f.deadLetterQueue();
        if (dlq.isEmpty()) return CompletableFuture.completedFuture(false); // the redrive policy moves it aside
        return f.cloud().sqs().sendMessage(b -> b.queueUrl(dlq.get()).messageBody(m.getBody()))
                .handle((r, e) -> {
                    if (e != null) LOG.warn("could not move message {} to {}: {}", m.getMessageId(), dlq.get(), e.getMessage());
                    return e == null;
                });
    }
}
