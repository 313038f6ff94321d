package dev.fleetops.observe;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Typed events of one capability (a runbook execution's steps, the events intake's outcomes...), delivered to
 * whoever listens: progress output, logs, metrics, the live page. As in resilience4j's {@code EventPublisher}, an
 * event is only built when someone listens ({@link #publish(Supplier)}), so an unobserved engine pays one volatile
 * read per event. Consumers run on the publishing thread and must not block; a consumer that throws stops
 * nothing: its exception is swallowed, so observing never changes the work observed.
 *
 * @param <E> the capability's sealed event type
 */
public final class EventPublisher<E> {

    private final List<Consumer<? super E>> consumers = new CopyOnWriteArrayList<>();

    /** Adds a consumer of every event; returns this publisher. */
    public EventPublisher<E> onEvent(Consumer<? super E> consumer) {
        consumers.add(Objects.requireNonNull(consumer));
        return this;
    }

    /** Adds a consumer of the events of one type only. */
    public <T extends E> EventPublisher<E> onEvent(Class<T> type, Consumer<? super T> consumer) {
        Objects.requireNonNull(consumer);
        consumers.add(e -> {
            if (type.isInstance(e)) consumer.accept(type.cast(e));
        });
        return this;
    }

    public boolean hasConsumers() {
        return !consumers.isEmpty();
    }

    /** Builds the event only when someone listens, then hands it to every consumer. */
    public void publish(Supplier<? extends E> event) {
        if (consumers.isEmpty()) return;
        E e = event.get();
        publish(e);
    }

    public void publish(E event) {
        for (Consumer<? super E> c : consumers) {
            try {
                c.accept(event);
            } catch (RuntimeException ignored) {
                // observing never changes the work observed
            }
        }
    }
}
