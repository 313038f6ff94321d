package dev.fleetops.journal;

import org.sqlite.SQLiteConfig;
import dev.fleetops.files.PrivateFiles;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The journal's SQLite file: created private (directory 0700, file 0600), or checked before anything writes to it,
 * so that a file of something else is refused with a message and left exactly as it was.
 */
final class SqliteFile {

    static final String FILE_NAME = "journal.db";
    static final String APPLICATION = "fleetops-journal";
    static final int SCHEMA_VERSION = 1;

    /** How long a write waits for another process's transaction on the same file before it fails. */
    static final int BUSY_TIMEOUT_MS = 10_000;

    /** The first 16 bytes of every SQLite database (SQLite: Database File Format, "The Database Header"). */
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private static final String[] SCHEMA = {
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE executions (id TEXT PRIMARY KEY, started TEXT NOT NULL, last_seq INTEGER NOT NULL, "
                + "status TEXT, created INTEGER NOT NULL)",
        // the open executions only (status is set by the 'ended' entry): recovery's query stays small
        "CREATE INDEX executions_open ON executions (created) WHERE status IS NULL",
        "CREATE TABLE entries (execution_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL, "
                + "PRIMARY KEY (execution_id, seq)) WITHOUT ROWID",
        "CREATE TABLE leases (resource TEXT PRIMARY KEY, owner TEXT, token INTEGER NOT NULL, expires_at TEXT NOT NULL, "
                + "ttl_ms INTEGER NOT NULL)",
        "CREATE TABLE inbox (arrival INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE, body TEXT NOT NULL, "
                + "received_at TEXT NOT NULL, done_at TEXT)",
        "INSERT INTO meta VALUES ('application', '" + APPLICATION + "'), ('schema_version', '" + SCHEMA_VERSION + "')",
    };

    private SqliteFile() { }

    /** Opens (creating when missing) {@code directory}/journal.db for writing, in WAL mode. */
    static Connection open(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        boolean fresh = prepare(directory, file);
        if (!fresh) check(file);
        try {
            if (fresh) {
                // the schema goes into the main file (rollback journal), so the check above always sees the meta
                // table, even after a crash before the first checkpoint
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (String sql : SCHEMA) s.execute(sql);
                    c.commit();
                }
            }
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: in WAL mode NORMAL may lose the last commits on power loss; an acknowledged entry must survive
            // it, and group commit makes the one fsync per batch cheap
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            // auto-commit stays on: with it off the driver begins the next transaction as soon as one commits, so
            // an idle writer would hold the write lock for good and a second process on the store (recover next to
            // a live serve, two runs on one host) could never write; SqliteBackend opens each batch's own
            // transaction (BEGIN IMMEDIATE) and ends it
            return config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot open the journal: " + e.getMessage(), e);
        }
    }

    /** Creates the directory (0700) and an empty file (0600) when missing; true when the file is new or empty. */
    private static boolean prepare(Path directory, Path file) {
        try {
            PrivateFiles.createDirectories(directory);
            if (Files.exists(file)) return Files.size(file) == 0;
            return PrivateFiles.createFile(file) || Files.size(file) == 0;
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileAlreadyExistsException f ? f.getFile() + " is a file, not a directory"
                    : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new StoreException(file + ": cannot create the journal: " + why, e);
        }
    }

    /** Refuses a file that is not a fleetops journal this version can read; reads it without changing it. */
    static void check(Path file) {
        byte[] head = new byte[MAGIC.length];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            if (n < head.length || !Arrays.equals(head, MAGIC)) {
                throw new StoreException(file + " is not a SQLite database; expected a fleetops journal (SQLite, application '"
                        + APPLICATION + "') or no file at all");
            }
        } catch (IOException e) {
            throw new StoreException(file + ": cannot read: " + e, e);
        }
        // immutable=1: no lock, no -wal or -shm file, no write of any kind (SQLite: URI Filenames)
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1");
             Statement s = c.createStatement()) {
            try (ResultSet t = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'")) {
                if (t.getInt(1) == 0) {
                    throw new StoreException(file + " is a SQLite database of something else (no table 'meta'); expected a fleetops journal "
                            + "(application '" + APPLICATION + "')");
                }
            }
            String application = value(s, "application");
            if (!APPLICATION.equals(application)) {
                throw new StoreException(file + " is a SQLite database of " + (application == null ? "something else" : "application '" + application + "'")
                        + "; expected a fleetops journal (application '" + APPLICATION + "')");
            }
            String version = value(s, "schema_version");
            int v;
            try {
                v = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new StoreException(file + ": schema_version '" + version + "' is not a number; expected " + SCHEMA_VERSION);
            }
            if (v > SCHEMA_VERSION) {
                throw new StoreException(file + " has journal schema version " + v + "; this fleetops reads version " + SCHEMA_VERSION
                        + " and older (use a newer fleetops, or another --store directory)");
            }
        } catch (SQLException e) {
            throw new StoreException(file + " cannot be read as a SQLite database (" + e.getMessage() + "); expected a fleetops journal", e);
        }
    }

    private static String value(Statement s, String key) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT value FROM meta WHERE key = '" + key + "'")) {
            return r.next() ? r.getString(1) : null;
        } catch (SQLException e) {
            // a 'meta' table of another shape is another application's
            return null;
        }
    }
}
