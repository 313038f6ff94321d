package dev.fleetops.bench;

import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The anchor of {@code bench sqs-intake}: the plain SDK v2 consumer every SQS tutorial shows, with the same
 * concurrency as the SqsSource it is compared with. {@code polls} independent loops, each: ReceiveMessage (long poll,
 * up to 10) -> DeleteMessageBatch of what came back -> ReceiveMessage again. No parsing, no handler, no visibility
 * extension: the cost of the server and the SDK alone.
 */
final class PlainSqsLoop {

    private PlainSqsLoop() { }

    /** Wall seconds until n messages have been deleted from the queue. */
    static double drain(SqsAsyncClient sqs, String url, int n, int polls) {
        AtomicLong deleted = new AtomicLong();
        CompletableFuture<Void> all = new CompletableFuture<>();
        long start = System.nanoTime();
        for (int i = 0; i < polls; i++) loop(sqs, url, n, deleted, all);
        all.join();
        return (System.nanoTime() - start) / 1e9;
    }

    private static void loop(SqsAsyncClient sqs, String url, int n, AtomicLong deleted, CompletableFuture<Void> all) {
        if (all.isDone()) return;
        sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(20).visibilityTimeout(60))
                .thenCompose(r -> {
                    if (r.messages().isEmpty()) return CompletableFuture.completedFuture(0);
                    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (Message m : r.messages()) {
                        entries.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
                    }
                    return sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)).thenApply(d -> d.successful().size());
                })
                .whenComplete((count, error) -> {
                    if (error != null) {
                        all.completeExceptionally(error);
                        return;
                    }
                    if (deleted.addAndGet(count) >= n) all.complete(null);
                    else loop(sqs, url, n, deleted, all);
                });
    }
}
