package dev.fleetops.cloud;

import java.io.IOException;
import java.net.URI;

/**
 * How a process outside this one reaches a cloud over HTTP in the AWS protocols: the simulated region served on a
 * loopback port for the scripts of aws:executeScript. The server starts on the first {@link #open()} and stops
 * when this closes (with its cloud).
 */
public interface WireAccess extends AutoCloseable {

    /** Where clients connect and what they sign with; starts serving on first use. */
    Endpoint open() throws IOException;

    /**
     * Runs while outside work is in progress and the cloud's time waits for it (virtual time holds still but for
     * the work's own calls and sleeps); the returned handle ends the hold.
     */
    AutoCloseable hold();

    @Override
    void close();

    /** A loopback endpoint, the region clients must sign for and the test credentials it accepts. */
    record Endpoint(URI url, String region, String accessKeyId, String secretAccessKey) { }
}
