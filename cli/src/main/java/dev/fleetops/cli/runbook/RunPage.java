package dev.fleetops.cli.runbook;

import com.sun.net.httpserver.HttpServer;
import dev.fleetops.cli.common.Redaction;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cli.ui.FleetUi;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code run --ui}: the live page (docs/ui.md) for one run, served while it goes on its own loopback port. Its
 * flags are a mixin so that the command only asks {@link #open} for the page.
 */
public final class RunPage {

    @Option(names = "--ui", description = "Serve the live page (fleet, executions, events, replicas; approve from it) while the run goes;"
            + " its URL is printed on stderr. See docs/ui.md.")
    boolean ui;

    @Option(names = "--ui-bind", paramLabel = "ADDRESS", description = "With --ui: the address the page listens on (default: 127.0.0.1, loopback only;"
            + " another needs --ui-token).")
    String bind = "127.0.0.1";

    @Option(names = "--ui-port", paramLabel = "PORT", description = "With --ui: the page's TCP port; 0 picks a free one (default: 0).")
    int port = 0;

    @Option(names = "--ui-token", paramLabel = "TOKEN", description = "With --ui: require this bearer token (open URL/?token=TOKEN once;"
            + " default: none on loopback).")
    String token;

    /** The page of the run, or none without --ui; a flag given without --ui, or a bad one, is a usage error. */
    Optional<Served> open(Session session, RunbookSession runs, PrintWriter err) {
        if (!ui) {
            if (token != null || port != 0 || !"127.0.0.1".equals(bind)) throw new UsageError("--ui-bind, --ui-port and --ui-token need --ui");
            return Optional.empty();
        }
        if (port < 0 || port > 65535) throw new UsageError("--ui-port must be between 0 and 65535, got " + port);
        if (token != null && token.isBlank()) throw new UsageError("--ui-token must not be empty");
        InetAddress address = address();
        if (!address.isLoopbackAddress() && token == null) {
            throw new UsageError("--ui-bind " + bind + " is reachable from other hosts: give --ui-token TOKEN (or bind 127.0.0.1)");
        }
        if (token != null) Redaction.secret(token);
        FleetUi page = FleetUi.start(new FleetUi.Sources(session.cloud(), runs.store(), runs.journal(), Optional.ofNullable(token),
                Duration.ofSeconds(1)));
        page.watch(runs.engine().events());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            page.close();
            throw new UsageError("--ui-port " + port + ": cannot listen on " + bind + ":" + port + " (" + e.getMessage()
                    + "; another process holds the port? change --ui-port)");
        }
        // a few threads: each open page holds one for its event stream
        ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fleetops-run-ui");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        page.mount(server);
        server.start();
        String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
        String url = "http://" + host + ":" + server.getAddress().getPort() + FleetUi.PATH;
        err.println("ui: " + url + (token != null ? " (open " + url + "?token=TOKEN once)" : ""));
        err.flush();
        return Optional.of(new Served(page, server, threads));
    }

    private InetAddress address() {
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UsageError("--ui-bind " + bind + ": not an address of this host (" + e.getMessage() + ")");
        }
    }

    /** The page being served; closing it stops the server (open pages see their stream end). */
    record Served(FleetUi page, HttpServer server, ExecutorService threads) implements AutoCloseable {
        @Override
        public void close() {
            page.close();
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
