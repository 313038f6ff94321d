package dev.fleetops.journal;

import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A journal.db that is not this fleetops' journal is refused with a message naming it, and left as it was. */
class SqliteFileTest {

    @TempDir
    Path dir;

    private final VirtualScheduler scheduler = new VirtualScheduler();

    private Path db() {
        return dir.resolve("journal.db");
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db()); Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        }
    }

    /** Opens, expecting a refusal, and checks that the directory is byte for byte what it was. */
    private String refusal() throws Exception {
        byte[] before = Files.readAllBytes(db());
        List<Path> listing = listing();
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Journals.sqlite(dir, scheduler, Runnable::run));
        assertThat(t).isInstanceOf(StoreException.class);
        assertThat(Files.readAllBytes(db())).as("the file is untouched").isEqualTo(before);
        assertThat(listing()).as("no -wal or -shm file was made").isEqualTo(listing);
        return t.getMessage();
    }

    private List<Path> listing() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefused() throws Exception {
        Files.writeString(db(), "executions:\n  - id: 1\n");
        assertThat(refusal()).isEqualTo(db() + " is not a SQLite database; expected a fleetops journal (SQLite, application "
                + "'fleetops-journal') or no file at all");
    }

    @Test
    void aSqliteDatabaseOfSomethingElseIsRefused() throws Exception {
        sql("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)");
        assertThat(refusal()).isEqualTo(db() + " is a SQLite database of something else (no table 'meta'); expected a fleetops "
                + "journal (application 'fleetops-journal')");
    }

    @Test
    void anotherApplicationsMetaTableIsRefused() throws Exception {
        sql("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", "INSERT INTO meta VALUES ('application', 'grafana')");
        assertThat(refusal()).isEqualTo(db() + " is a SQLite database of application 'grafana'; expected a fleetops journal "
                + "(application 'fleetops-journal')");
    }

    @Test
    void aNewerSchemaVersionIsRefused() throws Exception {
        Journals.sqlite(dir, scheduler, Runnable::run).close();
        sql("PRAGMA journal_mode=DELETE", "UPDATE meta SET value = '2' WHERE key = 'schema_version'");
        assertThat(refusal()).isEqualTo(db() + " has journal schema version 2; this fleetops reads version 1 and older "
                + "(use a newer fleetops, or another --store directory)");
    }

    @Test
    void anEmptyFileBecomesAJournal() throws Exception {
        Files.createFile(db());
        try (Journal j = Journals.sqlite(dir, scheduler, Runnable::run)) {
            assertThat(j.open().toCompletableFuture().join()).isEmpty();
        }
        SqliteFile.check(db());
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsAClearError() throws Exception {
        Path file = dir.resolve("plain-file");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> Journals.sqlite(file.resolve("store"), scheduler, Runnable::run))
                .isInstanceOf(StoreException.class).hasMessageStartingWith(file.resolve("store").resolve("journal.db") + ": cannot create the journal: ");
    }

    @Test
    void theJournalIs0600InAStoreDirectoryCreated0700() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path store = dir.resolve("store");
        Journals.sqlite(store, scheduler, Runnable::run).close();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(
                store.resolve("journal.db")))).isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(store)))
                .isEqualTo("rwx------");
    }
}
