package dev.fleetops.journal;

/**
 * A write carried a fencing token older than the resource's current lease: another owner has taken the work over
 * since, and the write was refused so two owners never both write one execution.
 */
public final class FencedException extends RuntimeException {

    private final String resource;
    private final long token;
    private final long current;

    public FencedException(String resource, long token, long current) {
        super("fenced: " + resource + " is leased with token " + current + "; a write with token " + token + " is stale");
        this.resource = resource;
        this.token = token;
        this.current = current;
    }

    public String resource() {
        return resource;
    }

    public long token() {
        return token;
    }

    public long current() {
        return current;
    }
}
