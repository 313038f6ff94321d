package dev.fleetops.events;

import dev.fleetops.events.spi.IdempotencyStore;
import dev.fleetops.files.PrivateFiles;
import dev.fleetops.journal.StoreException;
import dev.fleetops.time.Scheduler;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable {@link IdempotencyStore} of one machine: {@code DIR/idempotency.db} (SQLite, WAL), one row per key:
 * {@code key, owner, done, token, expires_ms} (epoch milliseconds on the scheduler's clock).
 *
 * <p>Every claim raises the key's {@code token} (a fencing token); renew, complete and release are conditional on
 * the token this store got when it claimed, so a worker whose claim expired and was taken over cannot renew,
 * complete or delete the new owner's claim. {@code synchronous=NORMAL}: in WAL mode a commit survives the process
 * being killed (-9), not an OS crash or power loss (SQLite documentation: "PRAGMA synchronous"); a key lost that
 * way costs at most one repeated action, which the handlers' own checks absorb (docs/events.md). Methods are
 * synchronized: one connection, short statements.
 */
final class SqliteIdempotencyStore implements IdempotencyStore, AutoCloseable {

    static final String FILE_NAME = "idempotency.db";

    private final Scheduler scheduler;
    private final Connection db;
    private final Path file;
    /** key -> token of the claims this store holds (forgotten on complete/release). */
    private final ConcurrentHashMap<String, Long> tokens = new ConcurrentHashMap<>();

    SqliteIdempotencyStore(Path directory, Scheduler scheduler) {
        this.scheduler = scheduler;
        this.file = directory.resolve(FILE_NAME);
        try {
            PrivateFiles.createDirectories(directory);
            PrivateFiles.createFile(file); // SQLite would create it with the umask's permissions
        } catch (IOException e) {
            throw new StoreException(directory + ": cannot create the store directory: " + e.getMessage(), e);
        }
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(10_000);
            db = config.createConnection("jdbc:sqlite:" + file);
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS idempotency (key TEXT PRIMARY KEY, owner TEXT NOT NULL, "
                        + "done INTEGER NOT NULL, token INTEGER NOT NULL, expires_ms INTEGER NOT NULL) WITHOUT ROWID");
            }
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot open the idempotency keys: " + e.getMessage(), e);
        }
    }

    /**
     * Ends every claim still in progress: called by the one process that holds the store's lock at start-up, so
     * those claims belong to a process that died; their events are handled again at once instead of after the
     * lease. Returns how many.
     */
    synchronized int takeOverClaims() {
        try (PreparedStatement p = db.prepareStatement("UPDATE idempotency SET expires_ms = ? WHERE done = 0")) {
            p.setLong(1, now());
            return p.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public synchronized Claim claim(String key, String owner, Duration ttl) {
        long now = now();
        try {
            Row row = row(key);
            if (row != null && row.expiresMs > now) return row.done ? Claim.DONE : Claim.IN_PROGRESS;
            long token = row == null ? 1 : row.token + 1;
            try (PreparedStatement p = db.prepareStatement("INSERT OR REPLACE INTO idempotency VALUES (?, ?, 0, ?, ?)")) {
                p.setString(1, key);
                p.setString(2, owner);
                p.setLong(3, token);
                p.setLong(4, now + ttl.toMillis());
                p.executeUpdate();
            }
            tokens.put(key, token);
            return Claim.CLAIMED;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public synchronized boolean renew(String key, Duration lease) {
        Long token = tokens.get(key);
        if (token == null) return false;
        long now = now();
        int n = update("UPDATE idempotency SET expires_ms = ? WHERE key = ? AND token = ? AND done = 0 AND expires_ms > ?",
                now + lease.toMillis(), key, token, now);
        return n == 1; // the token stays: a later complete or release by us is still conditional on it
    }

    @Override
    public synchronized void complete(String key, Duration ttl) {
        Long token = tokens.remove(key);
        // our claim's token, or (never claimed here) any live row: the single-process stores do the same
        if (token == null) update("UPDATE idempotency SET done = 1, expires_ms = ? WHERE key = ?", now() + ttl.toMillis(), key);
        else update("UPDATE idempotency SET done = 1, expires_ms = ? WHERE key = ? AND token = ?", now() + ttl.toMillis(), key, token);
    }

    @Override
    public synchronized void release(String key) {
        Long token = tokens.remove(key);
        if (token == null) return;
        // the row stays (expired) so the next claim's token is higher
        update("UPDATE idempotency SET expires_ms = ? WHERE key = ? AND token = ? AND done = 0", now(), key, token);
    }

    @Override
    public synchronized Optional<String> owner(String key) {
        try {
            Row row = row(key);
            return row == null || row.expiresMs <= now() ? Optional.empty() : Optional.of(row.owner);
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public synchronized int gc() {
        return update("DELETE FROM idempotency WHERE expires_ms <= ?", now());
    }

    /** Every row, expired ones not yet collected included (as the in-memory store counts). */
    @Override
    public synchronized int size() {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM idempotency")) {
            return r.next() ? r.getInt(1) : 0;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private record Row(String owner, boolean done, long token, long expiresMs) { }

    private Row row(String key) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("SELECT owner, done, token, expires_ms FROM idempotency WHERE key = ?")) {
            p.setString(1, key);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) return null;
                return new Row(r.getString(1), r.getInt(2) == 1, r.getLong(3), r.getLong(4));
            }
        }
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) p.setObject(i + 1, args[i]);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private long now() {
        return scheduler.now().toEpochMilli();
    }

    private StoreException failed(SQLException e) {
        return new StoreException(file + ": idempotency keys: " + e.getMessage(), e);
    }
}
