package dev.fleetops.cli.common;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.CloudSetupException;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.MissingTableException;
import dev.fleetops.journal.StoreException;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Opens the journal a command's {@code --store DIR} (default ~/.fleetops) or {@code --table NAME} (the DynamoDB
 * journal's tables NAME-executions, -entries, -leases, -inbox) names (docs/journal.md). A store this version cannot
 * use (not a journal, another application's, a newer schema, a table with other keys) is the user's to fix: a usage
 * error naming it (exit 2); missing tables or an unreachable DynamoDB are the environment's (exit 3).
 */
public final class JournalStores {

    private JournalStores() { }

    /** Callbacks on the command's scheduler: inline on virtual time (the clock does not wait for the disk). */
    public static Journal open(Path dir, Scheduler scheduler) {
        return open(dir, scheduler, callbacks(scheduler));
    }

    /** @param dir the store's directory; null: the default */
    public static Journal open(Path dir, Scheduler scheduler, Executor callbacks) {
        try {
            return Journals.sqlite(dir != null ? dir : Journals.defaultDirectory(), scheduler, callbacks);
        } catch (StoreException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** Either store: {@code table} (not null) the DynamoDB journal, else the SQLite one in {@code dir}. */
    public static Journal open(Path dir, String table, Cloud cloud, boolean simulated, GlobalOptions g) {
        return open(dir, table, cloud, simulated, g, callbacks(cloud.scheduler()));
    }

    public static Journal open(Path dir, String table, Cloud cloud, boolean simulated, GlobalOptions g, Executor callbacks) {
        if (table == null) return open(dir, cloud.scheduler(), callbacks);
        if (dir != null) throw new UsageError("--store and --table name two journals: give one (--store DIR: SQLite on this machine; --table NAME: DynamoDB)");
        DynamoDbAsyncClient client = client(cloud, simulated, g);
        try {
            return Journals.dynamoDb(client, table, false, cloud.scheduler(), callbacks);
        } catch (MissingTableException e) {
            throw new CloudSetupException("--table " + table + ": " + e.getMessage());
        } catch (StoreException e) {
            if (e.getCause() != null && unreachable(e.getCause())) {
                throw new CloudSetupException("--table " + table + ": DynamoDB cannot be reached: " + e.getMessage());
            }
            throw new UsageError("--table " + table + ": " + e.getMessage());
        }
    }

    /** The session's DynamoDB client (profile, region, --endpoint-url as every AWS client of the CLI). */
    private static DynamoDbAsyncClient client(Cloud cloud, boolean simulated, GlobalOptions g) {
        if (simulated) {
            throw new UsageError("--table needs --cloud aws: the simulator has no DynamoDB (DynamoDB Local works with"
                    + " --cloud aws --endpoint-url http://127.0.0.1:8000); on the simulator journal with --store DIR");
        }
        return cloud.find(DynamoDbAsyncClient.class).orElseThrow(() -> new CloudSetupException("no DynamoDB client for " + cloud.describe()));
    }

    private static boolean unreachable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SdkClientException || c instanceof java.net.ConnectException || c instanceof java.util.concurrent.TimeoutException) return true;
        }
        return false;
    }

    private static Executor callbacks(Scheduler scheduler) {
        return scheduler.isVirtual() ? Runnable::run : task -> scheduler.schedule(Duration.ZERO, task);
    }
}
