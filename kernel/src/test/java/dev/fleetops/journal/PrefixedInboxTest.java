package dev.fleetops.journal;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two sources in one inbox: the SQS sources' entries under "sqs:", the HTTP intake's everything else. */
class PrefixedInboxTest {

    /** An inbox in memory, in arrival order. */
    private static final class Memory implements Inbox {
        final Map<String, String> entries = new LinkedHashMap<>();

        @Override
        public CompletionStage<Boolean> put(String eventId, String body) {
            return CompletableFuture.completedFuture(entries.putIfAbsent(eventId, body) == null);
        }

        @Override
        public CompletionStage<Void> done(String eventId) {
            entries.remove(eventId);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<List<PendingEvent>> pending() {
            List<PendingEvent> out = new ArrayList<>();
            entries.forEach((id, body) -> out.add(new PendingEvent(id, body, Instant.EPOCH)));
            return CompletableFuture.completedFuture(out);
        }
    }

    @Test
    void eachViewSeesOnlyItsOwnEntriesAndTheSqsOnesWithoutTheirPrefix() {
        Memory all = new Memory();
        Inbox sqs = all.within("sqs:");
        Inbox http = all.without("sqs:");
        http.put("3f1c", "{\"http\":1}");
        sqs.put("m-1:1", "{\"sqs\":1}");

        assertThat(all.entries).containsOnlyKeys("3f1c", "sqs:m-1:1");
        assertThat(sqs.pending().toCompletableFuture().join()).extracting(Inbox.PendingEvent::eventId).containsExactly("m-1:1");
        assertThat(http.pending().toCompletableFuture().join()).extracting(Inbox.PendingEvent::eventId).containsExactly("3f1c");
        sqs.done("m-1:1");
        assertThat(all.entries).containsOnlyKeys("3f1c");
        assertThatThrownBy(() -> http.put("sqs:x", "{}")).hasMessageContaining("excludes");
    }
}
