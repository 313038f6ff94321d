package dev.fleetops.journal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The embedded store: one SQLite file, one connection, used only by the writer thread. A batch is one
 * transaction: its appends become durable together with one fsync (group commit).
 */
final class SqliteBackend implements Backend {

    private final Path file;
    private final Connection db;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    SqliteBackend(Path directory) {
        this.file = directory.resolve(SqliteFile.FILE_NAME);
        this.db = SqliteFile.open(directory);
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void execute(List<Call> batch) {
        try {
            // IMMEDIATE: the write lock is taken up front, so a second process on the file waits here (busy
            // timeout) rather than failing halfway through the batch; held only until this batch commits
            sql("BEGIN IMMEDIATE");
            for (Call c : batch) {
                try {
                    c.succeed(run(c.op));
                } catch (FencedException | IllegalStateException refused) {
                    // decided before anything of this call was written: the others commit
                    c.fail(refused);
                }
            }
            sql("COMMIT");
        } catch (SQLException e) {
            try {
                sql("ROLLBACK");
            } catch (SQLException ignored) {
                // none open (the BEGIN failed, or SQLite rolled back itself); the first failure is the one to report
            }
            throw new StoreException(file + ": " + e.getMessage(), e);
        }
    }

    private Object run(Op op) throws SQLException {
        if (op instanceof Op.Append a) return append(a);
        if (op instanceof Op.History h) return history(h.executionId());
        if (op instanceof Op.Open) return open();
        if (op instanceof Op.Flush) return null;
        if (op instanceof Op.Acquire a) return acquire(a);
        if (op instanceof Op.Renew r) return renew(r);
        if (op instanceof Op.Release r) return release(r.lease());
        if (op instanceof Op.Takeable t) return leases(h -> Rules.takeable(h, t.now()));
        if (op instanceof Op.Held h) return leases(l -> Rules.live(l, h.now()));
        if (op instanceof Op.Put p) {
            return update("INSERT OR IGNORE INTO inbox (event_id, body, received_at) VALUES (?, ?, ?)", p.eventId(), p.body(),
                    p.now().toString()) == 1;
        }
        if (op instanceof Op.Done d) {
            // forgotten, not kept marked: the SQS sources put every message they receive, so kept rows would grow
            // the file without bound (the column done_at stays in the schema, unused since)
            update("DELETE FROM inbox WHERE event_id = ?", d.eventId());
            return null;
        }
        if (op instanceof Op.Pending) return pending();
        throw new IllegalStateException("unknown operation " + op);
    }

    private long append(Op.Append a) throws SQLException {
        Rules.checkFence(a.executionId(), a.token(), held(a.executionId()));
        Optional<Rules.Head> head = Optional.empty();
        {
            PreparedStatement s = statement("SELECT last_seq, status FROM executions WHERE id = ?");
            s.setString(1, a.executionId());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) head = Optional.of(new Rules.Head(r.getLong(1), r.getString(2) != null));
            }
        }
        long seq = Rules.nextSequence(a.executionId(), head, a.entry());
        String body = EntryCodec.encode(a.entry());
        update("INSERT INTO entries (execution_id, seq, type, body) VALUES (?, ?, ?, ?)", a.executionId(), seq, a.entry().type(), body);
        if (a.entry() instanceof Entry.Started s) {
            update("INSERT INTO executions (id, started, last_seq, created) VALUES (?, ?, ?, ?)", a.executionId(), body, seq,
                    s.at().toEpochMilli());
        } else if (a.entry() instanceof Entry.Ended e) {
            update("UPDATE executions SET last_seq = ?, status = ? WHERE id = ?", seq, e.status().name(), a.executionId());
        } else {
            update("UPDATE executions SET last_seq = ? WHERE id = ?", seq, a.executionId());
        }
        return seq;
    }

    private List<Recorded> history(String executionId) throws SQLException {
        List<Recorded> out = new ArrayList<>();
        {
            PreparedStatement s = statement("SELECT seq, type, body FROM entries WHERE execution_id = ? ORDER BY seq");
            s.setString(1, executionId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new Recorded(executionId, r.getLong(1), EntryCodec.decode(where(executionId, r.getLong(1)), r.getString(2), r.getString(3))));
                }
            }
        }
        return out;
    }

    private List<OpenExecution> open() throws SQLException {
        List<OpenExecution> out = new ArrayList<>();
        try (ResultSet r = statement("SELECT id, started, last_seq FROM executions WHERE status IS NULL ORDER BY created, id").executeQuery()) {
            while (r.next()) {
                String id = r.getString(1);
                out.add(new OpenExecution(id, (Entry.Started) EntryCodec.decode(where(id, 1), "started", r.getString(2)), r.getLong(3)));
            }
        }
        return out;
    }

    private Optional<Lease> acquire(Op.Acquire a) throws SQLException {
        Optional<Lease> granted = Rules.grant(a, held(a.resource()));
        if (granted.isPresent()) store(granted.get());
        return granted;
    }

    private Lease renew(Op.Renew r) throws SQLException {
        Lease renewed = Rules.renewal(r, held(r.lease().resource()));
        store(renewed);
        return renewed;
    }

    private Void release(Lease l) throws SQLException {
        update("UPDATE leases SET owner = NULL WHERE resource = ? AND owner = ? AND token = ?", l.resource(), l.owner(), l.token());
        return null;
    }

    /** The unreleased leases {@code which} selects, by resource. */
    private List<Lease> leases(java.util.function.Predicate<Rules.Held> which) throws SQLException {
        List<Lease> out = new ArrayList<>();
        try (ResultSet r = statement("SELECT resource, owner, token, expires_at, ttl_ms FROM leases WHERE owner IS NOT NULL ORDER BY resource").executeQuery()) {
            while (r.next()) {
                Rules.Held h = held(r);
                if (which.test(h)) out.add(new Lease(h.resource(), h.owner(), h.token(), h.expiresAt(), h.ttl()));
            }
        }
        return out;
    }

    private List<Inbox.PendingEvent> pending() throws SQLException {
        List<Inbox.PendingEvent> out = new ArrayList<>();
        try (ResultSet r = statement("SELECT event_id, body, received_at FROM inbox WHERE done_at IS NULL ORDER BY arrival").executeQuery()) {
            while (r.next()) out.add(new Inbox.PendingEvent(r.getString(1), r.getString(2), Instant.parse(r.getString(3))));
        }
        return out;
    }

    private void store(Lease l) throws SQLException {
        update("INSERT INTO leases (resource, owner, token, expires_at, ttl_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (resource) "
                        + "DO UPDATE SET owner = excluded.owner, token = excluded.token, expires_at = excluded.expires_at, ttl_ms = excluded.ttl_ms",
                l.resource(), l.owner(), l.token(), l.expiresAt().toString(), l.ttl().toMillis());
    }

    private Optional<Rules.Held> held(String resource) throws SQLException {
        {
            PreparedStatement s = statement("SELECT resource, owner, token, expires_at, ttl_ms FROM leases WHERE resource = ?");
            s.setString(1, resource);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(held(r)) : Optional.empty();
            }
        }
    }

    private static Rules.Held held(ResultSet r) throws SQLException {
        return new Rules.Held(r.getString(1), r.getString(2), r.getLong(3), Instant.parse(r.getString(4)), Duration.ofMillis(r.getLong(5)));
    }

    private int update(String sql, Object... args) throws SQLException {
        PreparedStatement s = statement(sql);
        for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
        return s.executeUpdate();
    }

    /** Statements are prepared once per connection: preparing is most of the cost of a small write. */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement s = statements.get(sql);
        if (s == null) {
            s = db.prepareStatement(sql);
            statements.put(sql, s);
        }
        return s;
    }

    private String where(String executionId, long seq) {
        return file + " (execution " + executionId + ", entry " + seq + ")";
    }

    private void sql(String statement) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(statement);
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot close the journal: " + e.getMessage(), e);
        }
    }
}
