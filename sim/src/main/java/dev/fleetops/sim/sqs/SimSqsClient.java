package dev.fleetops.sim.sqs;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityResponse;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.CreateQueueResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageResponse;
import software.amazon.awssdk.services.sqs.model.DeleteQueueRequest;
import software.amazon.awssdk.services.sqs.model.DeleteQueueResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesResponse;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlResponse;
import software.amazon.awssdk.services.sqs.model.ListQueuesRequest;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.PurgeQueueResponse;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageResponse;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesResponse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link SqsAsyncClient} over the simulated SQS. Operations not modelled throw UnsupportedOperationException. */
final class SimSqsClient implements SqsAsyncClient {

    private final SimContext ctx;
    private final SqsSim sqs;
    private final SqsMessaging messaging;

    SimSqsClient(SimContext ctx, SqsSim sqs, SqsMessaging messaging) {
        this.ctx = ctx;
        this.sqs = sqs;
        this.messaging = messaging;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }

    @Override
    public CompletableFuture<CreateQueueResponse> createQueue(CreateQueueRequest r) {
        return ctx.gate().call("sqs", "CreateQueue", () -> sqs.createQueue(r));
    }

    @Override
    public CompletableFuture<GetQueueUrlResponse> getQueueUrl(GetQueueUrlRequest r) {
        return ctx.gate().call("sqs", "GetQueueUrl", () -> sqs.getQueueUrl(r));
    }

    @Override
    public CompletableFuture<ListQueuesResponse> listQueues(ListQueuesRequest r) {
        return ctx.gate().call("sqs", "ListQueues", () -> sqs.listQueues(r));
    }

    @Override
    public CompletableFuture<ListQueuesResponse> listQueues() {
        return listQueues(ListQueuesRequest.builder().build());
    }

    @Override
    public CompletableFuture<GetQueueAttributesResponse> getQueueAttributes(GetQueueAttributesRequest r) {
        return ctx.gate().call("sqs", "GetQueueAttributes", () -> sqs.getQueueAttributes(r));
    }

    @Override
    public CompletableFuture<SetQueueAttributesResponse> setQueueAttributes(SetQueueAttributesRequest r) {
        return ctx.gate().call("sqs", "SetQueueAttributes", () -> sqs.setQueueAttributes(r));
    }

    @Override
    public CompletableFuture<DeleteQueueResponse> deleteQueue(DeleteQueueRequest r) {
        return ctx.gate().call("sqs", "DeleteQueue", () -> sqs.deleteQueue(r));
    }

    @Override
    public CompletableFuture<PurgeQueueResponse> purgeQueue(PurgeQueueRequest r) {
        return ctx.gate().call("sqs", "PurgeQueue", () -> sqs.purgeQueue(r));
    }

    @Override
    public CompletableFuture<SendMessageResponse> sendMessage(SendMessageRequest r) {
        return ctx.gate().call("sqs", "SendMessage", () -> messaging.send(r));
    }

    @Override
    public CompletableFuture<SendMessageBatchResponse> sendMessageBatch(SendMessageBatchRequest r) {
        return ctx.gate().call("sqs", "SendMessageBatch", () -> messaging.sendBatch(r));
    }

    /**
     * The answer may come later in virtual time (long poll). A caller that cancels the returned future withdraws
     * its receive: no message is taken for it.
     */
    @Override
    public CompletableFuture<ReceiveMessageResponse> receiveMessage(ReceiveMessageRequest r) {
        CompletableFuture<ReceiveMessageResponse> result = new CompletableFuture<>();
        ctx.gate().call("sqs", "ReceiveMessage", () -> {
            if (!result.isDone()) messaging.receive(r, result);
            return null;
        }).whenComplete((v, e) -> {
            if (e != null) result.completeExceptionally(e instanceof CompletionException && e.getCause() != null
                    ? e.getCause() : e);
        });
        return result;
    }

    @Override
    public CompletableFuture<DeleteMessageResponse> deleteMessage(DeleteMessageRequest r) {
        return ctx.gate().call("sqs", "DeleteMessage", () -> messaging.delete(r));
    }

    @Override
    public CompletableFuture<DeleteMessageBatchResponse> deleteMessageBatch(DeleteMessageBatchRequest r) {
        return ctx.gate().call("sqs", "DeleteMessageBatch", () -> messaging.deleteBatch(r));
    }

    @Override
    public CompletableFuture<ChangeMessageVisibilityResponse> changeMessageVisibility(ChangeMessageVisibilityRequest r) {
        return ctx.gate().call("sqs", "ChangeMessageVisibility", () -> messaging.changeVisibility(r));
    }

    @Override
    public CompletableFuture<ChangeMessageVisibilityBatchResponse> changeMessageVisibilityBatch(
            ChangeMessageVisibilityBatchRequest r) {
        return ctx.gate().call("sqs", "ChangeMessageVisibilityBatch", () -> messaging.changeVisibilityBatch(r));
    }
}
