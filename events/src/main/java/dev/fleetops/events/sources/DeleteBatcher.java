package dev.fleetops.events.sources;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes handled messages in DeleteMessageBatch calls of up to 10: a message joins the open batch when its
 * handling is done, and the batch is sent when full, when the caller says nothing else is coming (the last of a
 * receive's messages), or {@code linger} after its first entry. Each message's
 * future completes with its own entry's result (true: deleted). One request per ten messages instead of ten.
 */
final class DeleteBatcher {

    private record Pending(Message message, CompletableFuture<Boolean> done) { }

    private final SqsAsyncClient sqs;
    private final String queueUrl;
    private final Scheduler scheduler;
    private final Duration linger;
    private List<Pending> open = new ArrayList<>();

    DeleteBatcher(SqsAsyncClient sqs, String queueUrl, Scheduler scheduler, Duration linger) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.scheduler = scheduler;
        this.linger = linger;
    }

    CompletableFuture<Boolean> delete(Message m) {
        return delete(m, false);
    }

    /**
     * @param nothingElseComing the caller knows no message it waits for will join: send the batch now rather than
     *                          after the linger (on a fast link the linger was most of a receive-delete cycle)
     */
    CompletableFuture<Boolean> delete(Message m, boolean nothingElseComing) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        List<Pending> full = null;
        boolean first;
        synchronized (this) {
            open.add(new Pending(m, done));
            first = open.size() == 1;
            if (open.size() == 10 || nothingElseComing) {
                full = open;
                open = new ArrayList<>();
            }
        }
        if (full != null) send(full);
        else if (first) scheduler.schedule(linger, this::flush);
        return done;
    }

    void flush() {
        List<Pending> batch;
        synchronized (this) {
            if (open.isEmpty()) return;
            batch = open;
            open = new ArrayList<>();
        }
        send(batch);
    }

    private void send(List<Pending> batch) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                    .receiptHandle(batch.get(i).message().receiptHandle()).build());
        }
        sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries)).whenComplete((r, e) -> {
            if (e != null) {
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            }
            r.successful().forEach(s -> batch.get(Integer.parseInt(s.id())).done().complete(true));
            r.failed().forEach(f -> batch.get(Integer.parseInt(f.id())).done().completeExceptionally(
                    new IllegalStateException(f.code() + ": " + f.message())));
        });
    }
}
