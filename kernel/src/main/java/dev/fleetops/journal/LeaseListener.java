package dev.fleetops.journal;

/**
 * Told what happens to the leases of a journal opened through {@link Journals#observed}: {@code serve}'s
 * /metrics counts acquisitions, takeovers and losses. Called on the journal's callback executor; must not block.
 */
public interface LeaseListener {

    /** Granted: the resource was free, released, already this owner's, or taken over ({@link Lease#takenFrom()}). */
    void acquired(Lease lease);

    /** The holder lost it: a renewal failed (another owner took it over, or the store failed). */
    void lost(Lease lease, RuntimeException why);
}
