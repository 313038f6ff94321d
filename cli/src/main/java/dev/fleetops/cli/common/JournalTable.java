package dev.fleetops.cli.common;

import picocli.CommandLine.Option;

/** {@code --table NAME}, the DynamoDB journal, for every command that journals (one option, one text). */
public final class JournalTable {

    @Option(names = "--table", paramLabel = "NAME",
            description = "Journal in DynamoDB instead: tables NAME-executions, NAME-entries, NAME-leases, NAME-inbox"
                    + " (the client as every AWS client: --profile, --region, --endpoint-url). Not with --store.")
    String name;

    /** The table prefix, null when not given (JournalStores.open takes it so). */
    public String name() {
        return name;
    }
}
