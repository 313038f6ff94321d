package dev.fleetops.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator of {@code bench wire}: the SDK's own signed requests ({@link SignedRequest}) replayed on
 * kept-alive connections ({@link WireConnection}), one thread each, driven closed-loop for throughput (each
 * connection sends its next request when the answer is in) and open-loop for latency (request {@code i} is due at
 * {@code start + i / rate} whatever the answers do, and its latency runs from that instant, so a server that falls
 * behind is charged for the queue it builds: no coordinated omission).
 */
final class WireLoad {

    /** What a measured call sends, in turn (SendMessage, ReceiveMessage, ...), to one server. */
    record Target(java.net.URI endpoint, List<SignedRequest> requests) { }

    /** Completed requests and failed ones over the measured seconds; {@code answered}: all, warm-up included. */
    record Throughput(long completed, long failed, double seconds, long answered, String firstError) {
        double perSecond() {
            return completed / seconds;
        }
    }

    /** Latency percentiles of an open-loop run, in milliseconds; {@code lost}: never answered (or never sent). */
    record Latency(double rate, int sent, long failed, int lost, double p50, double p99, double max, String firstError) { }

    private WireLoad() { }

    /**
     * {@code connections} requests in flight for {@code warmup} s (not counted), then for {@code seconds} s and
     * until {@code atLeast} have completed (a slow server still gives a rate, not a zero): the rate is the counted
     * ones over the time from the end of the warm-up to the last counted answer.
     */
    static Throughput closed(Target t, int connections, double warmup, double seconds, int atLeast) throws InterruptedException {
        long from = System.nanoTime() + (long) (warmup * 1e9);
        long end = from + (long) (seconds * 1e9);
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        AtomicLong last = new AtomicLong(from);
        AtomicLong turn = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        run(connections, "closed", t, c -> {
            for (;;) {
                long now = System.nanoTime();
                if (now >= end && completed.get() >= atLeast) return;
                boolean ok = send(c, next(t, turn), firstError);
                now = System.nanoTime();
                answered.incrementAndGet();
                if (now < from) continue;
                (ok ? completed : failed).incrementAndGet();
                last.accumulateAndGet(now, Math::max);
            }
        });
        return new Throughput(completed.get(), failed.get(), (last.get() - from) / 1e9, answered.get(), firstError.get());
    }

    /**
     * Request {@code i} due at {@code start + i / rate} for {@code warmup} s (not counted) and then {@code seconds}
     * s, sent by whichever of {@code connections} is free. Once a request is more than a second late (the server
     * cannot keep the rate) sending stops: it and the rest count as unanswered, and so in the percentiles.
     */
    static Latency open(Target t, double rate, double warmup, double seconds, int connections) throws InterruptedException {
        long period = Math.max(1, Math.round(1e9 / rate));
        int skip = (int) Math.round(warmup * rate);
        int n = skip + (int) Math.round(seconds * rate);
        long[] latency = new long[n];
        Arrays.fill(latency, -1);
        AtomicLong failed = new AtomicLong();
        AtomicLong next = new AtomicLong();
        AtomicLong turn = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicBoolean behind = new AtomicBoolean();
        AtomicReference<String> firstError = new AtomicReference<>();
        long start = System.nanoTime() + 10_000_000; // every connection's thread started before the first is due
        run(connections, "open", t, c -> {
            for (;;) {
                int i = (int) next.getAndIncrement();
                if (i >= n || behind.get()) return;
                long due = start + i * period;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
                if (System.nanoTime() - due > 1_000_000_000L) {
                    behind.set(true);
                    return;
                }
                sent.incrementAndGet();
                boolean ok = send(c, next(t, turn), firstError);
                latency[i] = System.nanoTime() - due;
                if (!ok && i >= skip) failed.incrementAndGet();
            }
        });
        long[] measured = new long[n - skip];
        int lost = 0;
        for (int i = skip; i < n; i++) {
            long l = latency[i];
            if (l < 0) lost++;
            measured[i - skip] = l < 0 ? Long.MAX_VALUE : l;
        }
        Arrays.sort(measured);
        return new Latency(rate, (int) sent.get(), failed.get(), lost, millis(measured, 0.50), millis(measured, 0.99),
                millis(measured, 1.0), firstError.get());
    }

    private static SignedRequest next(Target t, AtomicLong turn) {
        List<SignedRequest> r = t.requests();
        return r.size() == 1 ? r.get(0) : r.get((int) (turn.getAndIncrement() % r.size()));
    }

    /** Sends one request; whether the server answered 200 (the first other answer or error kept for the report). */
    private static boolean send(WireConnection c, SignedRequest r, AtomicReference<String> firstError) {
        try {
            WireConnection.Answer a = c.send(r);
            if (a.status() == 200) return true;
            firstError.compareAndSet(null, r.name() + ": HTTP " + a.status() + ": " + a.text());
        } catch (IOException | RuntimeException e) {
            firstError.compareAndSet(null, r.name() + ": " + e);
        }
        return false;
    }

    private interface Work {
        void on(WireConnection c) throws InterruptedException;
    }

    /** {@code connections} threads, each with a connection of its own to the target, running {@code work}. */
    private static void run(int connections, String kind, Target t, Work work) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Thread th = new Thread(() -> {
                try (WireConnection c = new WireConnection(t.endpoint())) {
                    work.on(c);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fleetops-bench-wire-" + kind + "-" + i);
            th.setDaemon(true);
            threads.add(th);
        }
        threads.forEach(Thread::start);
        for (Thread th : threads) th.join();
    }

    private static double millis(long[] sorted, double q) {
        int i = Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1);
        long v = sorted[Math.max(0, i)];
        // an answer that never came counts as 30 s: the row stays a number (JSON has no infinity)
        return v == Long.MAX_VALUE ? 30_000 : Math.round(v / 1e4) / 100.0;
    }
}
