package dev.fleetops.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on the embedded store, plus what only a file has: its permissions. */
class SqliteJournalTest extends JournalContract {

    @TempDir
    Path tmp;

    Path store() {
        return tmp.resolve("store");
    }

    @Override
    protected Journal openStore(Executor callbacks) {
        return Journals.sqlite(store(), scheduler, callbacks);
    }

    @Test
    void theStoreIsPrivateToItsUser() throws Exception {
        journal();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store().resolve("journal.db")))).isEqualTo("rw-------");
    }
}
