package dev.fleetops.journal;

import java.util.List;

/**
 * The journal's DynamoDB tables (some of them) do not exist and were not to be created: an environment to set up,
 * not bad input. The message names each missing table, its keys and the {@code aws dynamodb create-table} line
 * that creates it.
 */
public final class MissingTableException extends StoreException {

    private final List<String> tables;

    MissingTableException(List<String> tables, String message) {
        super(message);
        this.tables = List.copyOf(tables);
    }

    /** The missing tables' names. */
    public List<String> tables() {
        return tables;
    }
}
