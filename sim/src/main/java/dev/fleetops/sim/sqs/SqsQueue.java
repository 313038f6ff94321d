package dev.fleetops.sim.sqs;

import dev.fleetops.sim.region.SimContext;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One standard queue. Messages move DELAYED -> VISIBLE -> IN_FLIGHT -> (deleted | VISIBLE again when the
 * visibility timeout ends | the dead-letter queue after maxReceiveCount receives). Receives take from a deque of
 * visible messages (no scan), each in-flight message has one timer, and long polls wait in virtual time until a
 * message becomes visible or their wait ends. Retention is enforced lazily from the oldest message, which is
 * what callers can observe.
 */
final class SqsQueue {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_VISIBILITY_NANOS = 43_200L * NANOS_PER_SECOND;

    final String name;
    final String url;
    final String arn;
    final long createdMillis;
    long lastModifiedMillis;
    final QueueSettings settings = new QueueSettings();

    private final SimContext ctx;
    private final SqsSim owner;
    private final LinkedHashMap<String, SqsMessage> messages = new LinkedHashMap<>(); // live, in send order
    private final ArrayDeque<SqsMessage> visibleOrder = new ArrayDeque<>(); // may hold stale (no longer visible) entries
    private final ArrayDeque<LongPoll> polls = new ArrayDeque<>();
    private final Runnable dispatch = this::dispatch;
    private boolean dispatchScheduled;
    private int visible;
    private int inFlight;
    private int delayed;
    long lastPurgeNanos = Long.MIN_VALUE / 2;

    /** A receive waiting in virtual time. */
    private static final class LongPoll {
        final ReceiveOptions options;
        final CompletableFuture<ReceiveMessageResponse> result;
        Scheduler.Cancellable timeout;

        LongPoll(ReceiveOptions options, CompletableFuture<ReceiveMessageResponse> result) {
            this.options = options;
            this.result = result;
        }
    }

    SqsQueue(SimContext ctx, SqsSim owner, String name, String url, String arn) {
        this.ctx = ctx;
        this.owner = owner;
        this.name = name;
        this.url = url;
        this.arn = arn;
        this.createdMillis = ctx.scheduler().now().toEpochMilli();
        this.lastModifiedMillis = createdMillis;
    }

    int visibleCount() {
        expire();
        return visible;
    }

    int inFlightCount() {
        expire();
        return inFlight;
    }

    int delayedCount() {
        expire();
        return delayed;
    }

    SqsMessage send(String body, Map<String, MessageAttributeValue> attributes, int delaySeconds) {
        expire();
        SqsMessage m = new SqsMessage(ctx.ids().uuid(), body, attributes, ctx.scheduler().now().toEpochMilli());
        enqueue(m, delaySeconds);
        return m;
    }

    /** Adds a new or redriven message, visible after {@code delaySeconds}. */
    void enqueue(SqsMessage m, int delaySeconds) {
        m.onTimer = () -> {
            m.timer = null;
            makeVisible(m);
        };
        messages.put(m.id, m);
        if (delaySeconds > 0) {
            m.state = SqsMessage.State.DELAYED;
            delayed++;
            m.timer = ctx.scheduler().scheduleNanos(delaySeconds * NANOS_PER_SECOND, m.onTimer);
        } else {
            m.state = SqsMessage.State.GONE; // makeVisible counts it in
            makeVisible(m);
        }
    }

    /** Answers {@code result} now when messages are visible or the receive does not wait; else waits. */
    void receive(ReceiveOptions options, CompletableFuture<ReceiveMessageResponse> result) {
        expire();
        List<Message> taken = take(options);
        if (!taken.isEmpty() || options.waitSeconds() == 0) {
            result.complete(ReceiveMessageResponse.builder().messages(taken).build());
            return;
        }
        LongPoll poll = new LongPoll(options, result);
        poll.timeout = ctx.scheduler().scheduleNanos(options.waitSeconds() * NANOS_PER_SECOND, () -> {
            polls.remove(poll);
            result.complete(ReceiveMessageResponse.builder().messages(List.of()).build());
        });
        polls.add(poll);
    }

    /** DeleteMessage: a stale handle (an earlier receive) succeeds without deleting, as AWS documents. */
    void delete(ReceiptHandles.Parsed handle) {
        SqsMessage m = messages.get(handle.messageId());
        if (m == null || m.receiveCount != handle.receive()) return;
        remove(m);
    }

    void changeVisibility(ReceiptHandles.Parsed handle, String rawHandle, int seconds) {
        SqsMessage m = messages.get(handle.messageId());
        if (m == null || m.receiveCount != handle.receive()) {
            throw SqsErrors.invalidParameter("ReceiptHandle", rawHandle,
                    "Message does not exist or is not available for visibility timeout change.");
        }
        if (m.state != SqsMessage.State.IN_FLIGHT) throw SqsErrors.messageNotInflight();
        long now = ctx.scheduler().elapsedNanos();
        if (now - m.receivedAtNanos + seconds * NANOS_PER_SECOND > MAX_VISIBILITY_NANOS) {
            throw SqsErrors.invalidParameter("VisibilityTimeout", seconds,
                    "Total VisibilityTimeout for the message is beyond the limit [43200 seconds]");
        }
        m.cancelTimer();
        if (seconds == 0) makeVisible(m);
        else m.timer = ctx.scheduler().scheduleNanos(seconds * NANOS_PER_SECOND, m.onTimer);
    }

    void purge() {
        for (SqsMessage m : messages.values()) {
            m.cancelTimer();
            m.state = SqsMessage.State.GONE;
        }
        messages.clear();
        visibleOrder.clear();
        visible = inFlight = delayed = 0;
        lastPurgeNanos = ctx.scheduler().elapsedNanos();
    }

    /** The queue is deleted: pending long polls fail as the queue no longer exists. */
    void close() {
        purge();
        for (LongPoll p : polls) {
            p.timeout.cancel();
            p.result.completeExceptionally(SqsErrors.queueDoesNotExist());
        }
        polls.clear();
    }

    private List<Message> take(ReceiveOptions options) {
        List<Message> out = null;
        SqsMessage m;
        while ((out == null || out.size() < options.max()) && (m = visibleOrder.poll()) != null) {
            if (m.state != SqsMessage.State.VISIBLE) continue;
            QueueSettings.Redrive redrive = settings.redrive;
            if (redrive != null && m.receiveCount >= redrive.maxReceiveCount()) {
                SqsQueue dlq = owner.queueByArn(redrive.deadLetterTargetArn());
                if (dlq != null) {
                    remove(m);
                    dlq.enqueue(m.copyForDeadLetter(arn), 0);
                    if (ctx.timeline().recording()) ctx.log("sqs.redrive", name, m.id + " -> " + dlq.name);
                    continue;
                }
            }
            if (out == null) out = new ArrayList<>(Math.min(options.max(), visible + 1));
            out.add(deliver(m, options));
        }
        return out == null ? List.of() : out;
    }

    private Message deliver(SqsMessage m, ReceiveOptions options) {
        long nowMillis = ctx.scheduler().now().toEpochMilli();
        m.receiveCount++;
        if (m.receiveCount == 1) m.firstReceiveMillis = nowMillis;
        visible--;
        inFlight++;
        m.state = SqsMessage.State.IN_FLIGHT;
        m.receivedAtNanos = ctx.scheduler().elapsedNanos();
        int timeout = options.visibilityTimeout() != null ? options.visibilityTimeout() : settings.visibilityTimeout;
        // a zero timeout still ends after this receive, so one receive never returns a message twice
        m.timer = ctx.scheduler().scheduleNanos(timeout * NANOS_PER_SECOND, m.onTimer);
        return options.render(m, ReceiptHandles.issue(name, m.id, m.receiveCount), owner.senderId());
    }

    private void makeVisible(SqsMessage m) {
        switch (m.state) {
            case DELAYED -> delayed--;
            case IN_FLIGHT -> inFlight--;
            case VISIBLE -> { return; }
            case GONE -> { }
        }
        m.state = SqsMessage.State.VISIBLE;
        visible++;
        visibleOrder.add(m);
        if (!polls.isEmpty() && !dispatchScheduled) {
            // answer at the end of this instant, so a batch sent at once reaches one waiting receive together
            dispatchScheduled = true;
            ctx.scheduler().scheduleNanos(0, dispatch);
        }
    }

    private void dispatch() {
        dispatchScheduled = false;
        expire();
        while (visible > 0 && !polls.isEmpty()) {
            LongPoll p = polls.peek();
            if (p.result.isDone()) { // cancelled by the caller
                polls.poll();
                continue;
            }
            List<Message> taken = take(p.options);
            if (taken.isEmpty()) return; // every visible message went to the dead-letter queue
            polls.poll();
            p.timeout.cancel();
            p.result.complete(ReceiveMessageResponse.builder().messages(taken).build());
        }
    }

    private void remove(SqsMessage m) {
        m.cancelTimer();
        switch (m.state) {
            case DELAYED -> delayed--;
            case VISIBLE -> visible--;
            case IN_FLIGHT -> inFlight--;
            case GONE -> { }
        }
        m.state = SqsMessage.State.GONE;
        messages.remove(m.id);
    }

    /** Drops messages older than the retention period, oldest first. */
    private void expire() {
        if (messages.isEmpty()) return;
        long cutoff = ctx.scheduler().now().toEpochMilli() - settings.retentionSeconds * 1000L;
        Iterator<SqsMessage> it = messages.values().iterator();
        while (it.hasNext()) {
            SqsMessage m = it.next();
            if (m.sentMillis > cutoff) return;
            it.remove();
            m.cancelTimer();
            switch (m.state) {
                case DELAYED -> delayed--;
                case VISIBLE -> visible--;
                case IN_FLIGHT -> inFlight--;
                case GONE -> { }
            }
            m.state = SqsMessage.State.GONE;
        }
    }
}
