package dev.fleetops.journal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Heartbeats do not hold virtual time, so a driver running through virtual days queues thousands of renewals of one
 * lease between two commits (1.75 million in one crash test). The writer writes the last of each run of them: its
 * expiry is the only one a later read can see.
 */
class RenewalFoldingTest {

    static final Instant T = Instant.parse("2026-01-05T09:00:00Z");
    static final Lease A = new Lease("exec-1", "replica-a", 1, T.plusSeconds(30), Duration.ofSeconds(30));
    static final Lease OTHER = new Lease("exec-2", "replica-a", 1, T.plusSeconds(30), Duration.ofSeconds(30));

    static Call renew(Lease l, int second) {
        return new Call(new Op.Renew(l, T.plusSeconds(second)));
    }

    @Test
    void renewalsOfOneLeaseOneBehindTheOtherComeToTheLast() {
        Call r1 = renew(A, 10), r2 = renew(A, 20), r3 = renew(A, 30), o = renew(OTHER, 15);
        Map<Call, Call> folded = Writer.foldRenewals(List.of(r1, o, r2, r3));
        assertThat(folded).containsOnly(Map.entry(r1, r3), Map.entry(r2, r3));
    }

    @Test
    void anAcquisitionOrReleaseBetweenKeepsTheRenewalsOnEachSide() {
        Call r1 = renew(A, 10), r2 = renew(A, 20), r3 = renew(A, 30), r4 = renew(A, 40);
        Call taken = new Call(new Op.Acquire("exec-1", "replica-b", Duration.ofSeconds(30), T.plusSeconds(25), h -> false));
        assertThat(Writer.foldRenewals(List.of(r1, r2, taken, r3, r4))).containsOnly(Map.entry(r1, r2), Map.entry(r3, r4));
        Call released = new Call(new Op.Release(A));
        assertThat(Writer.foldRenewals(List.of(r1, released, r3))).isEmpty();
    }

    @Test
    void aFoldedRenewalHasTheOutcomeOfTheOneWritten() {
        Call r1 = renew(A, 10), r2 = renew(A, 20);
        Lease renewed = new Lease("exec-1", "replica-a", 1, T.plusSeconds(50), Duration.ofSeconds(30));
        r2.succeed(renewed);
        r1.takeOutcomeOf(r2);
        r1.deliver();
        assertThat(r1.result.join()).isEqualTo(renewed);
        Call r3 = renew(A, 30), r4 = renew(A, 40);
        r4.fail(new FencedException("exec-1", 1, 2));
        r3.takeOutcomeOf(r4);
        r3.deliver();
        assertThat(r3.result).isCompletedExceptionally();
    }
}
