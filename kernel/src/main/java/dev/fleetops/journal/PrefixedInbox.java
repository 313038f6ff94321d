package dev.fleetops.journal;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** A view of an inbox: inside a namespace (ids prefixed on the way in, stripped on the way out) or outside it. */
record PrefixedInbox(Inbox inbox, String prefix, boolean inside) implements Inbox {

    @Override
    public CompletionStage<Boolean> put(String eventId, String body) {
        return inbox.put(id(eventId), body);
    }

    @Override
    public CompletionStage<Void> done(String eventId) {
        return inbox.done(id(eventId));
    }

    @Override
    public CompletionStage<List<PendingEvent>> pending() {
        return inbox.pending().thenApply(all -> all.stream()
                .filter(p -> p.eventId().startsWith(prefix) == inside)
                .map(p -> inside ? new PendingEvent(p.eventId().substring(prefix.length()), p.body(), p.receivedAt()) : p)
                .toList());
    }

    private String id(String eventId) {
        if (inside) return prefix + eventId;
        if (eventId.startsWith(prefix)) throw new IllegalArgumentException(eventId + " is in the namespace " + prefix + " this view excludes");
        return eventId;
    }
}
