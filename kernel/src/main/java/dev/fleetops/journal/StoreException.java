package dev.fleetops.journal;

/**
 * The journal's store cannot be used: a file that is not a fleetops journal, a newer schema, a table with other
 * keys, or an I/O failure. The message names the file or table and what was expected; the CLI reports it with
 * exit code 2.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
