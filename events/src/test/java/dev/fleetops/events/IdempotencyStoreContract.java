package dev.fleetops.events;

import dev.fleetops.events.spi.IdempotencyStore.Claim;
import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link IdempotencyStore} does, whatever keeps the keys. A subclass supplies the store; {@link
 * #secondReplica()} is a second store over the same keys (for a single-process store: the same instance).
 */
abstract class IdempotencyStoreContract {

    protected final VirtualScheduler scheduler = new VirtualScheduler(start());

    /** Where virtual time starts (called from the constructor: it must not read the subclass's fields). */
    protected Instant start() {
        return VirtualScheduler.DEFAULT_START;
    }

    protected abstract IdempotencyStore store();

    protected abstract IdempotencyStore secondReplica();

    @Test
    void theFirstClaimWinsAndLaterClaimsSeeItInProgressThenDone() {
        IdempotencyStore s = store();
        assertThat(s.claim("event:e1", "e1", Duration.ofMinutes(5))).isEqualTo(Claim.CLAIMED);
        assertThat(s.claim("event:e1", "e1-again", Duration.ofMinutes(5))).isEqualTo(Claim.IN_PROGRESS);
        assertThat(s.owner("event:e1")).contains("e1");
        s.complete("event:e1", Duration.ofMinutes(10));
        assertThat(s.claim("event:e1", "e1-again", Duration.ofMinutes(5))).isEqualTo(Claim.DONE);
        assertThat(s.owner("event:e1")).contains("e1");
        assertThat(s.owner("event:never")).isEmpty();
    }

    @Test
    void aReleasedClaimCanBeClaimedAgainButADoneOneCannotBeReleased() {
        IdempotencyStore s = store();
        s.claim("action:i-1:drain", "e1", Duration.ofMinutes(5));
        s.release("action:i-1:drain");
        assertThat(s.owner("action:i-1:drain")).isEmpty();
        assertThat(s.claim("action:i-1:drain", "e2", Duration.ofMinutes(5))).isEqualTo(Claim.CLAIMED);
        s.complete("action:i-1:drain", Duration.ofMinutes(5));
        s.release("action:i-1:drain");
        assertThat(s.claim("action:i-1:drain", "e3", Duration.ofMinutes(5))).isEqualTo(Claim.DONE);
        assertThat(s.owner("action:i-1:drain")).contains("e2");
    }

    @Test
    void entriesExpireAndAreGarbageCollected() {
        IdempotencyStore s = store();
        s.claim("k", "e1", Duration.ofMinutes(5));
        s.complete("k", Duration.ofMinutes(10));
        s.claim("stuck", "e9", Duration.ofMinutes(2)); // a crashed worker's claim, never completed
        scheduler.runFor(Duration.ofMinutes(3));
        assertThat(s.owner("stuck")).as("expired on read even before gc").isEmpty();
        assertThat(s.claim("stuck", "e10", Duration.ofMinutes(30))).isEqualTo(Claim.CLAIMED);
        assertThat(s.claim("k", "e2", Duration.ofMinutes(5))).isEqualTo(Claim.DONE);
        scheduler.runFor(Duration.ofMinutes(8));
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.gc()).isEqualTo(1);
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.claim("k", "e3", Duration.ofMinutes(5))).isEqualTo(Claim.CLAIMED);
    }

    @Test
    void twoReplicasClaimingOneKeyExactlyOneWinsAndReleaseLetsTheOtherIn() {
        IdempotencyStore a = store();
        IdempotencyStore b = secondReplica();
        assertThat(a.claim("action:i-2:drain", "spot-1", Duration.ofMinutes(5))).isEqualTo(Claim.CLAIMED);
        assertThat(b.claim("action:i-2:drain", "rebalance-1", Duration.ofMinutes(5))).isEqualTo(Claim.IN_PROGRESS);
        assertThat(b.owner("action:i-2:drain")).contains("spot-1");
        a.release("action:i-2:drain");
        assertThat(b.claim("action:i-2:drain", "rebalance-1", Duration.ofMinutes(5))).isEqualTo(Claim.CLAIMED);
        b.complete("action:i-2:drain", Duration.ofHours(6));
        assertThat(a.claim("action:i-2:drain", "spot-1", Duration.ofMinutes(5))).isEqualTo(Claim.DONE);
        assertThat(a.owner("action:i-2:drain")).contains("rebalance-1");
    }

    @Test
    void aClaimIsALeaseThatItsHeartbeatKeepsAndThatEndsWithoutIt() {
        IdempotencyStore a = store();
        IdempotencyStore b = secondReplica();
        a.claim("event:kept", "e1", Duration.ofSeconds(30));
        a.claim("event:abandoned", "e2", Duration.ofSeconds(30));
        for (int i = 0; i < 6; i++) {
            scheduler.runFor(Duration.ofSeconds(10));
            assertThat(a.renew("event:kept", Duration.ofSeconds(30))).as("heartbeat %d", i).isTrue();
        }
        assertThat(b.claim("event:kept", "e1-again", Duration.ofSeconds(30))).isEqualTo(Claim.IN_PROGRESS);
        assertThat(b.claim("event:abandoned", "e2-again", Duration.ofSeconds(30))).as("taken over after the lease")
                .isEqualTo(Claim.CLAIMED);
        a.complete("event:kept", Duration.ofDays(1));
        assertThat(a.renew("event:kept", Duration.ofSeconds(30))).as("a done key is not renewed").isFalse();
        assertThat(b.claim("event:kept", "e1-again", Duration.ofSeconds(30))).isEqualTo(Claim.DONE);
    }
}
