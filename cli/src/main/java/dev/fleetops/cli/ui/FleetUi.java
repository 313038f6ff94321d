package dev.fleetops.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.IntakeEvent;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.LeaseListener;
import dev.fleetops.observe.EventPublisher;
import dev.fleetops.runbook.engine.ExecutionStore;
import dev.fleetops.runbook.engine.RunbookEvent;
import dev.fleetops.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The live page at {@code /ui/} and the JSON API behind it (docs/ui.md). One instance per process: the host
 * ({@code serve}, {@code sim serve}, {@code run --ui}) builds it with its sources, feeds it its listeners and
 * mounts it on its HTTP server with {@link #mount}; nothing else of the UI reaches the hosts.
 *
 * <p>Fleet state is never kept here beyond the last answer of the cloud's own Describe calls, read every
 * {@code poll} on the host's scheduler (virtual time on the simulator, so a test drives it). Executions are read
 * from the execution store, replicas from the journal's leases; what handlers did comes from the intake's events.
 */
public final class FleetUi implements AutoCloseable {

    /** Where the UI lives on its server. */
    public static final String PATH = "/ui/";

    /**
     * What the UI reads.
     *
     * @param cloud   the cloud whose Describe calls the fleet view shows (the host's, never a dry-run wrapper's answers)
     * @param store   the execution records, and where approvals are left (as {@code fleetops resume} does)
     * @param journal the journal (its leases), when the host has one
     * @param token   the bearer token page and API require; empty: none (sim serve without --token, loopback)
     * @param poll    how often the fleet is read again
     */
    public record Sources(Cloud cloud, ExecutionStore store, Optional<Journal> journal, Optional<String> token,
                          Duration poll) {
        public Sources {
            if (poll.isNegative() || poll.isZero()) throw new IllegalArgumentException("poll must be positive, got " + poll);
        }
    }

    /** How long after the last request (or while a stream is open) the sources are read. */
    static final Duration WATCHED_FOR = Duration.ofSeconds(30);

    private final Live live = new Live();
    private final FleetView fleet;
    private final ExecutionsView executions;
    private final EventsView events;
    private final ReplicasView replicas;
    private final UiHttp http;
    private volatile boolean closed;

    private FleetUi(Sources s) {
        Scheduler scheduler = s.cloud().scheduler();
        this.events = new EventsView(live, scheduler);
        this.fleet = new FleetView(s.cloud(), events, live);
        this.executions = new ExecutionsView(s.store(), live, scheduler);
        this.replicas = new ReplicasView(s.journal(), live, scheduler);
        this.http = new UiHttp(s.token(), live, fleet, executions, events, replicas);
        scheduler.schedule(Duration.ZERO, new Runnable() {
            // the fleet and the leases are read (Describe calls, a lease scan) only while someone looks: a serve
            // nobody watches must not spend the account's API budget on its page
            Instant lastLooked = scheduler.now();

            @Override
            public void run() {
                if (closed) return;
                if (live.lookedAt()) lastLooked = scheduler.now();
                if (!scheduler.now().isAfter(lastLooked.plus(WATCHED_FOR))) {
                    fleet.refresh();
                    replicas.refresh();
                }
                scheduler.schedule(s.poll(), this);
            }
        });
    }

    /** Starts reading the sources (the first fleet read is scheduled now); mount it to serve it. */
    public static FleetUi start(Sources sources) {
        return new FleetUi(sources);
    }

    /** Serves the page and the API under {@link #PATH} on {@code server} (the one place that mounts the UI). */
    public void mount(HttpServer server) {
        server.createContext(PATH, http::handle);
    }

    /** Subscribes the UI to a runbook engine's events (executions, approvals, the calls that take instances out). */
    public void watch(EventPublisher<RunbookEvent> engine) {
        engine.onEvent(this::runbook);
    }

    /** What the intake tells (events, rules matched, outcomes, duplicates, dead letters). */
    public Consumer<IntakeEvent> intakeListener() {
        return events::accept;
    }

    /** What the journal tells about leases (holders, takeovers), for the replicas view. */
    public LeaseListener leaseListener() {
        return replicas;
    }

    /**
     * A lease listener to give the journal before the UI exists (the journal is opened first): it forwards to
     * the UI once {@link Relay#to} names it.
     */
    public static Relay relay() {
        return new Relay();
    }

    /** See {@link #relay()}. */
    public static final class Relay implements LeaseListener {
        private volatile LeaseListener target;

        private Relay() { }

        public void to(FleetUi ui) {
            this.target = ui.replicas;
        }

        @Override
        public void acquired(dev.fleetops.journal.Lease lease) {
            LeaseListener t = target;
            if (t != null) t.acquired(lease);
        }

        @Override
        public void lost(dev.fleetops.journal.Lease lease, RuntimeException why) {
            LeaseListener t = target;
            if (t != null) t.lost(lease, why);
        }
    }

    private void runbook(RunbookEvent e) {
        if (e instanceof RunbookEvent.ApiCalled c) events.apiCalled(c, step -> executions.inputs(c.executionId(), step));
        executions.changed();
    }

    /** The current document of a view, as the API serves it (tests and the benchmark read it). */
    public JsonNode view(String name) {
        return http.view(name, java.util.Map.of());
    }

    /** How many event streams are open now (a test reads it). */
    int openStreams() {
        return live.openStreams();
    }

    @Override
    public void close() {
        closed = true;
        live.close();
    }
}
