package dev.fleetops.events.sources;

import dev.fleetops.events.Intake;
import dev.fleetops.events.IntakeEvent;
import dev.fleetops.events.MessageFate;
import dev.fleetops.journal.Inbox;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads events from one SQS queue (reference ec2-events-and-lifecycle.md checklist items 1, 2, 4, 6, 14): long
 * polls (20 s, up to 10 messages) only while a worker slot is free; extends a message's visibility while it is
 * handled; deletes it only when its outcome says done; never deletes after a failure; moves unparsable messages
 * aside (our DLQ if configured, else the queue's redrive policy, else drops them with a log line) so nothing is
 * retried forever and nothing crashes the loop.
 */
public final class SqsSource {

    /**
     * @param workers      messages handled at once (the bounded pool)
     * @param visibility   what a message's visibility is renewed to while it is handled (a receive asks for the
     *                     receive hold)
     * @param extendEvery  how often it is renewed (less than {@code visibility})
     * @param retryDelay   visibility after a failed handling (when the message comes back)
     * @param maxReceives  with no redrive policy on the queue, a failing message is moved to our DLQ (or dropped)
     *                     after this many receives
     * @param receiveHold  how long a message just received stays hidden before its first renewal, at half of it
     *                     (at most {@code visibility}): a consumer killed right after a receive, before it has put
     *                     the messages in its inbox or read the answer at all, gives them back to the queue after
     *                     this, not after the whole visibility timeout; a handling that ends sooner costs no renewal
     */
    public record Settings(String queueUrl, Optional<String> deadLetterQueueUrl, int workers, int batch,
                           Duration waitTime, Duration visibility, Duration extendEvery, Duration retryDelay,
                           int maxReceives, Duration receiveHold) {
        /** The default receive hold. */
        public static final Duration RECEIVE_HOLD = Duration.ofSeconds(10);

        public static Settings defaults(String queueUrl) {
            return new Settings(queueUrl, Optional.empty(), 10, 10, Duration.ofSeconds(20), Duration.ofSeconds(60),
                    Duration.ofSeconds(20), Duration.ofSeconds(30), 5, RECEIVE_HOLD);
        }

        public Settings withDeadLetterQueue(String url) {
            return new Settings(queueUrl, Optional.of(url), workers, batch, waitTime, visibility, extendEvery, retryDelay, maxReceives, receiveHold);
        }

        public Settings withTimings(Duration waitTime, Duration visibility, Duration extendEvery, Duration retryDelay) {
            return new Settings(queueUrl, deadLetterQueueUrl, workers, batch, waitTime, visibility, extendEvery, retryDelay, maxReceives, receiveHold);
        }

        public Settings withWorkers(int n) {
            return new Settings(queueUrl, deadLetterQueueUrl, n, batch, waitTime, visibility, extendEvery, retryDelay, maxReceives, receiveHold);
        }

        /** What a receive asks for: the receive hold, or the visibility when that is shorter. */
        public Duration hold() {
            return visibility.compareTo(receiveHold) < 0 ? visibility : receiveHold;
        }
    }

    /**
     * A message in this consumer's hands, one per receipt (a restart can hold the same message twice: resumed from
     * its inbox and received again once the dead process's hold ran out). Settled once its handling is done: no
     * renewal is sent or scheduled after that.
     */
    private record InFlight(Message message, AtomicBoolean settled, AtomicReference<Scheduler.Cancellable> extension) {
        void settle() {
            settled.set(true);
            Scheduler.Cancellable c = extension.get();
            if (c != null) c.cancel();
        }
    }

    /** How long a delete waits for others to share its DeleteMessageBatch (dead-lettered messages' deletes). */
    private static final Duration DELETE_LINGER = Duration.ofMillis(5);
    /**
     * How long a receive's handled messages wait for their slowest sibling before their deletes go out without it:
     * they stay invisible meanwhile (a message settles with half its receive hold or more left, since it is renewed
     * at half), and a crash in that second only means
     * a redelivery the idempotency keys absorb.
     */
    private static final Duration RECEIPT_LINGER = Duration.ofSeconds(1);

    /** How often a resumed message whose event is still claimed by the dead process is submitted again. */
    private static final Duration RESUME_RETRY = Duration.ofSeconds(5);
    /** Submissions of a resumed message before it is left to SQS's redelivery (its claim outlived 60 s). */
    private static final int RESUME_ATTEMPTS = 12;

    private final Optional<ReceivedInbox> held;
    private final SqsAsyncClient sqs;
    private final Intake intake;
    private final Scheduler scheduler;
    private final Executor workers;
    private final Settings settings;
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger free;
    private final DeleteBatcher deletes;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicBoolean crashed = new AtomicBoolean();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong extended = new AtomicLong();
    private volatile boolean redrive;
    /** Outstanding receives and, per receive, when its late messages (after stop) have been released. */
    private final Map<CompletableFuture<ReceiveMessageResponse>, CompletableFuture<Void>> receives = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    /**
     * @param workers runs the intake for each message (a bounded pool against AWS; the scheduler's executor in the
     *                simulator). Dead-lettered and released messages and warnings are published on the intake's
     *                {@link Intake#events()}.
     */
    public SqsSource(SqsAsyncClient sqs, Intake intake, Scheduler scheduler, Executor workers, Settings settings) {
        this(sqs, intake, scheduler, workers, settings, Optional.empty());
    }

    /**
     * @param inbox this replica's own local inbox: the messages it holds are kept there until they leave its hands,
     *              so that a restart on the same store finishes them at once ({@link #resume()}) instead of waiting
     *              for SQS to deliver them again
     */
    public SqsSource(SqsAsyncClient sqs, Intake intake, Scheduler scheduler, Executor workers, Settings settings,
                     Optional<Inbox> inbox) {
        this.held = inbox.map(i -> new ReceivedInbox(i, settings.queueUrl()));
        this.sqs = sqs;
        this.intake = intake;
        this.scheduler = scheduler;
        this.workers = workers;
        this.settings = settings;
        this.free = new AtomicInteger(settings.workers());
        this.deletes = new DeleteBatcher(sqs, settings.queueUrl(), scheduler, DELETE_LINGER);
    }

    private volatile boolean started;

    /** Reads the queue's redrive policy, then starts polling. */
    public CompletableFuture<Void> start() {
        return sqs.getQueueAttributes(b -> b.queueUrl(settings.queueUrl()).attributeNames(QueueAttributeName.REDRIVE_POLICY))
                .thenAccept(r -> {
                    redrive = r.attributes().containsKey(QueueAttributeName.REDRIVE_POLICY);
                    if (!redrive && settings.deadLetterQueueUrl().isEmpty()) {
                        warn("queue " + settings.queueUrl() + " has no redrive policy and no dead-letter queue is configured:"
                                + " unparsable messages will be dropped after logging");
                    }
                    started = true;
                    poll();
                });
    }

    /** Started (the queue answered) and not stopped: what /readyz waits for. */
    public boolean polling() {
        return started && !stopped.get();
    }

    public long deleted() {
        return deleted.get();
    }

    public long visibilityExtensions() {
        return extended.get();
    }

    public int inFlight() {
        return inFlight.size();
    }

    /**
     * Graceful stop: no more receives; in-flight messages get {@code grace} to finish, then the rest are released
     * with ChangeMessageVisibility 0 so another consumer takes them at once.
     */
    public CompletableFuture<Void> stop(Duration grace) {
        stopped.set(true);
        // The outstanding long poll is not cancelled: the server would still hand it messages that then stay
        // invisible for the receive hold. It ends within waitTime; what it returns is released.
        CompletableFuture<Void> receiveSettled = CompletableFuture.allOf(receives.values().toArray(CompletableFuture[]::new));
        if (inFlight.isEmpty()) drained.complete(null);
        CompletableFuture<Void> timeout = scheduler.delay(grace);
        return CompletableFuture.anyOf(drained, timeout).thenCombine(receiveSettled, (a, b) -> a).thenCompose(v -> {
            timeout.cancel(false);
            CompletableFuture<?>[] releases = inFlight.values().stream().map(f -> {
                f.settle();
                intake.events().publish(() -> new IntakeEvent.MessageReleased(scheduler.now(), f.message().messageId()));
                return changeVisibility(f.message(), Duration.ZERO);
            }).toArray(CompletableFuture[]::new);
            return CompletableFuture.allOf(releases);
        });
    }

    /** Stops dead, as a killed process would: no deletes, no releases (tests of redelivery after a crash). */
    public void crash() {
        crashed.set(true);
        stopped.set(true);
        receives.keySet().forEach(r -> r.cancel(true));
        inFlight.values().forEach(InFlight::settle);
    }

    /**
     * Takes up what a previous process on this store held of this queue (killed before it let the messages go):
     * each is renewed at once with the receipt handle it came with (the dead process may have left it less than a
     * receive hold) and submitted again. An event still claimed by the dead process is submitted again every 5 s,
     * its message kept invisible meanwhile, until the claim has lapsed; a message whose handle is no longer valid
     * (its hold ran out and SQS gave it to another consumer) is that consumer's now and is dropped from the inbox
     * without being handled here. Returns how many were taken up.
     */
    public CompletableFuture<Integer> resume() {
        if (held.isEmpty()) return CompletableFuture.completedFuture(0);
        return held.get().pending().thenApply(messages -> {
            for (Message m : messages) {
                track(m, settings.extendEvery());
                extended.incrementAndGet();
                keep(m).thenAccept(ours -> {
                    if (ours) workers.execute(() -> resumeOne(m, 1));
                    else finished(m);
                });
            }
            return messages.size();
        });
    }

    private void resumeOne(Message m, int attempt) {
        if (stopped.get()) { // stopping: given back for another consumer at once, as stop() does with the rest
            if (crashed.get()) return;
            settle(m); // no renewal after the release
            changeVisibility(m, Duration.ZERO).whenComplete((v, e) -> finished(m));
            return;
        }
        CompletableFuture<MessageFate> outcome = submit(m);
        outcome.whenComplete((o, error) -> {
            MessageFate.Disposition d = error != null ? MessageFate.Disposition.RETRY : o.disposition();
            if (d == MessageFate.Disposition.RETRY && attempt < RESUME_ATTEMPTS && !crashed.get()) {
                keep(m).thenAccept(ours -> {
                    if (ours) scheduler.schedule(RESUME_RETRY, () -> resumeOne(m, attempt + 1));
                    else finished(m);
                });
                return;
            }
            settle(m, d, o, single()).whenComplete((v, e) -> finished(m));
        });
    }

    /** A receipt of one message whose deletes join the source's shared batch. */
    private Receipt single() {
        return new Receipt(new AtomicInteger(1), deletes);
    }

    /** Extends the message's visibility with its handle; false when the handle is not the message's any more. */
    private CompletableFuture<Boolean> keep(Message m) {
        return sqs.changeMessageVisibility(b -> b.queueUrl(settings.queueUrl()).receiptHandle(m.receiptHandle())
                        .visibilityTimeout((int) settings.visibility().toSeconds()))
                .handle((r, e) -> e == null);
    }

    /**
     * Starts receives while a whole batch of worker slots is free (or nothing is in flight): slots are reserved
     * before the receive and the unused ones given back, so with workers = k x batch, k receives run at once
     * and a receive never asks for a single message because one slot just freed up.
     */
    private void poll() {
        while (!stopped.get()) {
            int want = Math.min(settings.batch(), settings.workers());
            int n = reserve(want);
            if (n == 0) return;
            receive(n);
        }
    }

    private int reserve(int want) {
        while (true) {
            int f = free.get();
            boolean idle = f == settings.workers();
            int n = f >= want ? want : idle ? f : 0;
            if (n == 0) return 0;
            if (free.compareAndSet(f, f - n)) return n;
        }
    }

    private void receive(int n) {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        CompletableFuture<ReceiveMessageResponse> r = sqs.receiveMessage(b -> b.queueUrl(settings.queueUrl()).maxNumberOfMessages(n)
                .waitTimeSeconds((int) settings.waitTime().toSeconds())
                .visibilityTimeout((int) settings.hold().toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
        receives.put(r, settled);
        settled.whenComplete((v, e) -> receives.remove(r));
        r.whenComplete((response, error) -> {
            int got = response == null ? 0 : response.messages().size();
            if (stopped.get()) {
                free.addAndGet(n);
                // a receive that returned after stop: release its messages for another consumer at once
                if (response == null || crashed.get()) {
                    settled.complete(null);
                } else {
                    CompletableFuture.allOf(response.messages().stream().map(m -> changeVisibility(m, Duration.ZERO))
                            .toArray(CompletableFuture[]::new)).whenComplete((v, e) -> settled.complete(null));
                }
                return;
            }
            settled.complete(null);
            free.addAndGet(n - got);
            if (error != null) {
                warn("ReceiveMessage failed, retrying in 1 s: " + rootMessage(error));
                scheduler.schedule(Duration.ofSeconds(1), this::poll);
                return;
            }
            // one receive's messages are deleted together: when the last of them settles its batch goes out at once
            // (one DeleteMessageBatch per receive, as a plain loop sends), else the linger after the first bounds it
            Receipt receipt = new Receipt(new AtomicInteger(got), new DeleteBatcher(sqs, settings.queueUrl(), scheduler, RECEIPT_LINGER));
            for (Message m : response.messages()) track(m, settings.hold().dividedBy(2));
            held.ifPresent(h -> h.held(response.messages()));
            handOff(response.messages(), receipt);
            poll();
        });
    }

    /**
     * Gives a receive's messages to the workers. A message's submit returns once its handling is under way (the
     * handler runs asynchronously); what it does before that is parsing, matching and the idempotency claim. When
     * that claim is local (memory, SQLite) one task submits the receive's messages in turn: a hand-off per message
     * cost 19 % of the intake's throughput (BENCHMARKS.md, sqs-intake). When it is a DynamoDB call each message
     * gets its own task, so no claim waits for another's round trip.
     */
    private void handOff(List<Message> messages, Receipt receipt) {
        if (intake.submitWaitsOnNetwork()) {
            for (Message m : messages) workers.execute(() -> handle(m, receipt));
        } else if (!messages.isEmpty()) {
            workers.execute(() -> messages.forEach(m -> handle(m, receipt)));
        }
    }

    /** In this consumer's hands from now: its visibility renewed after {@code first} (at most extendEvery), then every extendEvery. */
    private void track(Message m, Duration first) {
        InFlight f = new InFlight(m, new AtomicBoolean(), new AtomicReference<>());
        inFlight.put(key(m), f); // before the first renewal is scheduled: it finds its entry
        f.extension().set(scheduleExtension(f, first.compareTo(settings.extendEvery()) < 0 ? first : settings.extendEvery()));
    }

    private Scheduler.Cancellable scheduleExtension(InFlight f, Duration delay) {
        return scheduler.schedule(delay, () -> {
            if (f.settled().get() || crashed.get() || inFlight.get(key(f.message())) != f) return;
            extended.incrementAndGet();
            changeVisibility(f.message(), settings.visibility());
            // settled meanwhile: the new renewal finds it settled and does nothing
            f.extension().set(scheduleExtension(f, settings.extendEvery()));
        });
    }

    /** One entry per receipt: the receipt handle is the receive's, the message id is not. */
    private static String key(Message m) {
        return m.receiptHandle();
    }

    /** The message's body through the intake; an intake that throws is a failed outcome, not a dead loop. */
    private CompletableFuture<MessageFate> submit(Message m) {
        try {
            return intake.submit("sqs", m.body()).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** One receive's messages: how many are still to settle, and the batch their deletes join. */
    private record Receipt(AtomicInteger unsettled, DeleteBatcher deletes) { }

    private void handle(Message m, Receipt receipt) {
        CompletableFuture<MessageFate> outcome = submit(m);
        outcome.handle((o, error) -> {
            if (error != null) warn("message " + m.messageId() + ": intake failed: " + rootMessage(error));
            MessageFate.Disposition d = error != null ? MessageFate.Disposition.RETRY : o.disposition();
            CompletableFuture<Void> settled = settle(m, d, o, receipt);
            // handled and its delete (or release) under way: its worker slot is free for the next receive, so
            // receiving overlaps deleting (the message stays in flight, for a graceful stop, until it is settled)
            free.incrementAndGet();
            if (!stopped.get()) poll();
            return settled;
        }).thenCompose(x -> x).whenComplete((v, e) -> finished(m));
    }

    private CompletableFuture<Void> settle(Message m, MessageFate.Disposition d, MessageFate o, Receipt receipt) {
        settle(m);
        boolean last = receipt.unsettled().decrementAndGet() == 0;
        if (crashed.get()) return CompletableFuture.completedFuture(null);
        int receives = receiveCount(m);
        if (d != MessageFate.Disposition.DELETE && last) receipt.deletes().flush();
        switch (d) {
            case DELETE -> {
                return delete(receipt.deletes().delete(m, last), m);
            }
            case DEAD_LETTER -> {
                String reason = o instanceof MessageFate.Rejected r ? r.reason() : "unknown";
                return deadLetter(m, reason, receives);
            }
            default -> {
                if (!redrive && receives >= settings.maxReceives()) {
                    return deadLetter(m, "handling failed " + receives + " times", receives);
                }
                return changeVisibility(m, settings.retryDelay());
            }
        }
    }

    private CompletableFuture<Void> deadLetter(Message m, String reason, int receives) {
        if (settings.deadLetterQueueUrl().isPresent()) {
            deadLettered(m, reason, IntakeEvent.DeadLettered.Route.MOVED_TO_DEAD_LETTER_QUEUE, receives);
            return sqs.sendMessage(b -> b.queueUrl(settings.deadLetterQueueUrl().get()).messageBody(m.body())
                            .messageAttributes(Map.of("fleetops-reason", MessageAttributeValue.builder()
                                    .dataType("String").stringValue(truncate(reason)).build())))
                    .thenCompose(r -> delete(m));
        }
        if (redrive) {
            // the queue's redrive policy moves it after maxReceiveCount receives; make those come quickly
            deadLettered(m, reason, IntakeEvent.DeadLettered.Route.LEFT_TO_REDRIVE_POLICY, receives);
            return changeVisibility(m, Duration.ZERO);
        }
        deadLettered(m, reason, IntakeEvent.DeadLettered.Route.DROPPED, receives);
        return delete(m);
    }

    private void deadLettered(Message m, String reason, IntakeEvent.DeadLettered.Route route, int receives) {
        intake.events().publish(() -> new IntakeEvent.DeadLettered(scheduler.now(), m.messageId(), reason, route,
                receives, truncate(m.body())));
    }

    private void warn(String message) {
        intake.events().publish(() -> new IntakeEvent.SourceWarning(scheduler.now(), "sqs", message));
    }

    private CompletableFuture<Void> delete(Message m) {
        return delete(deletes.delete(m), m);
    }

    private CompletableFuture<Void> delete(CompletableFuture<Boolean> deletion, Message m) {
        return deletion
                .handle((r, e) -> {
                    if (e != null) warn("DeleteMessage " + m.messageId() + " failed (it will be redelivered; idempotency absorbs it): " + rootMessage(e));
                    else deleted.incrementAndGet();
                    return null;
                });
    }

    private CompletableFuture<Void> changeVisibility(Message m, Duration d) {
        return sqs.changeMessageVisibility(b -> b.queueUrl(settings.queueUrl()).receiptHandle(m.receiptHandle())
                        .visibilityTimeout((int) d.toSeconds()))
                .handle((r, e) -> {
                    if (e != null) warn("ChangeMessageVisibility " + m.messageId() + " failed: " + rootMessage(e));
                    return null;
                });
    }

    /** Its renewals stop: it is about to leave this consumer's hands. */
    private void settle(Message m) {
        InFlight f = inFlight.get(key(m));
        if (f != null) f.settle();
    }

    /** Out of this consumer's hands (deleted, given back, dead-lettered, or another consumer's now). */
    private void finished(Message m) {
        if (!crashed.get()) held.ifPresent(h -> h.released(m));
        InFlight f = inFlight.remove(key(m));
        if (f != null) f.settle();
        if (stopped.get() && inFlight.isEmpty()) drained.complete(null);
    }

    private static int receiveCount(Message m) {
        String c = m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
        try {
            return c == null ? 1 : Integer.parseInt(c);
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String truncate(String s) {
        return s.length() <= 256 ? s : s.substring(0, 256) + "...";
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
