package dev.fleetops.bench;

import java.util.Locale;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the replicas did at the AWS side, as their {@link ChaosTap}s saw it: which replica received which event,
 * and each effect (the handler's SendMessage to the effects queue) with the replica that sent it, in wall-clock
 * order. Kills are recorded here too, so "in hand at the kill" and "taken over after" read from one history.
 */
final class ChaosLedger {

    record Receive(int replica, long nanos) { }

    /** One send SQS accepted; {@code messageId} is the first send's when the FIFO queue deduplicated it. */
    record Effect(int replica, long nanos, String messageId) { }

    /** A kill -9 and the events the killed replica held: received by it, not yet effected by anyone. */
    record Kill(int replica, long nanos, List<Integer> inHand) { }

    private final Map<Integer, Receive> lastReceive = new HashMap<>();
    private final Map<Integer, List<Receive>> receives = new HashMap<>();
    private final Map<Integer, List<Effect>> effects = new HashMap<>();
    private final List<Kill> kills = new ArrayList<>();
    private int effectCount;

    private final Map<String, Integer> byHandle = new HashMap<>();
    private final Map<Integer, Map<Integer, Long>> held = new HashMap<>();

    synchronized void received(int replica, int event, String receiptHandle) {
        Receive r = new Receive(replica, System.nanoTime());
        lastReceive.put(event, r);
        receives.computeIfAbsent(event, e -> new ArrayList<>()).add(r);
        byHandle.put(receiptHandle, event);
        held.computeIfAbsent(replica, x -> new HashMap<>()).put(event, r.nanos());
    }

    /** The replica deleted the message or gave it back to the queue: out of its hands. */
    synchronized void released(int replica, String receiptHandle) {
        Integer event = byHandle.get(receiptHandle);
        Map<Integer, Long> h = held.get(replica);
        if (event != null && h != null) h.remove(event);
    }

    synchronized void effected(int replica, int event, String messageId) {
        effects.computeIfAbsent(event, e -> new ArrayList<>()).add(new Effect(replica, System.nanoTime(), messageId));
        effectCount++;
        notifyAll();
    }

    /** Call right after the replica's process is gone (it can receive nothing more). */
    synchronized Kill killed(int replica) {
        long now = System.nanoTime();
        // what it received and neither deleted nor gave back; its next incarnation starts with empty hands
        List<Integer> inHand = new ArrayList<>(held.getOrDefault(replica, Map.of()).keySet());
        held.remove(replica);
        inHand.sort(null);
        Kill k = new Kill(replica, now, List.copyOf(inHand));
        kills.add(k);
        return k;
    }

    /** Waits (bounded: a hang guard) until {@code n} effects in all were seen; false when the guard ran out. */
    synchronized boolean awaitEffects(int n, long guardNanos) throws InterruptedException {
        long end = System.nanoTime() + guardNanos;
        while (effectCount < n) {
            long left = end - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized int effectCount() {
        return effectCount;
    }

    synchronized int distinctEffected() {
        return effects.size();
    }

    /** Sends SQS accepted but answered with the MessageId of an earlier send of the same event: deduplicated. */
    synchronized int deduplicated() {
        int n = 0;
        for (List<Effect> l : effects.values()) n += l.size() - (int) l.stream().map(Effect::messageId).distinct().count();
        return n;
    }

    /** Who effected {@code event} and when (seconds after {@code origin}), and the kills in between, for reports. */
    synchronized String story(int event, long origin) {
        StringBuilder b = new StringBuilder();
        Receive r = lastReceive.get(event);
        if (r != null) b.append("last received by replica ").append(r.replica()).append(" at ").append(sec(r.nanos(), origin)).append(" s; ");
        for (Effect e : effects.getOrDefault(event, List.of())) {
            b.append("effect by replica ").append(e.replica()).append(" at ").append(sec(e.nanos(), origin))
                    .append(" s (message ").append(e.messageId()).append("); ");
        }
        for (Kill k : kills) {
            if (k.inHand().contains(event)) b.append("held by replica ").append(k.replica()).append(" killed at ").append(sec(k.nanos(), origin)).append(" s; ");
        }
        return b.toString();
    }

    synchronized String killTimes(long origin) {
        StringBuilder b = new StringBuilder();
        for (Kill k : kills) b.append("replica ").append(k.replica()).append(" at ").append(sec(k.nanos(), origin)).append(" s; ");
        return b.toString();
    }

    private static String sec(long nanos, long origin) {
        return String.format(Locale.ROOT, "%.1f", (nanos - origin) / 1e9);
    }

    synchronized List<Kill> kills() {
        return List.copyOf(kills);
    }

    /** The first receive of {@code event} in [{@code from}, {@code to}), if any: SQS delivered it again. */
    synchronized Optional<Receive> firstReceiveBetween(int event, long from, long to) {
        return receives.getOrDefault(event, List.of()).stream().filter(r -> r.nanos() >= from && r.nanos() < to).findFirst();
    }

    /** The first effect of {@code event} after {@code nanos}, if any. */
    synchronized Optional<Effect> firstEffectAfter(int event, long nanos) {
        return effects.getOrDefault(event, List.of()).stream().filter(e -> e.nanos() >= nanos).findFirst();
    }
}
