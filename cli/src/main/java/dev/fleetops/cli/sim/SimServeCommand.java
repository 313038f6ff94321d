package dev.fleetops.cli.sim;

import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.session.Session;
import dev.fleetops.sim.wire.SimServer;
import dev.fleetops.cli.ui.FleetUi;
import dev.fleetops.runbook.engine.ExecutionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

@Command(addMethodSubcommands = false, name = "serve",
        header = "Serve the simulated region over HTTP, in the AWS protocols, to any AWS client.",
        description = {"Starts the scenario and answers the AWS APIs of its services on one endpoint: EC2, Auto Scaling,",
                "ELBv2, SSM, EventBridge, SQS, Route 53 and STS GetCallerIdentity, as AWS does (the service is taken from the",
                "request's SigV4 credential scope; any credentials are accepted unless --credentials). Point a client at it with",
                "--endpoint-url or AWS_ENDPOINT_URL. Virtual time runs at --speed x the wall clock; POST",
                "/_fleetops/advance?seconds=N runs N virtual seconds at once, GET /_fleetops/state shows the region.",
                "The live page of the fleet is at /ui/ (docs/ui.md).",
                "The first line on stdout is the endpoint URL. Ctrl-C stops it. See docs/sim-serve.md."},
        footer = {"", "Examples:", "  fleetops sim serve --port 4566",
                "  aws --endpoint-url http://127.0.0.1:4566 ec2 describe-instances",
                "  fleetops sim serve --speed 0 --settle   # time moves only through /_fleetops/advance"})
public final class SimServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port to listen on; 0 picks a free one (default: 0).")
    int port = 0;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: 127.0.0.1, loopback only).")
    String bind = "127.0.0.1";

    @Option(names = "--speed", paramLabel = "X",
            description = "Virtual seconds per wall-clock second (default: 1); 0 stops the clock but for /_fleetops/advance.")
    double speed = 1.0;

    @Option(names = "--settle", description = "Before serving, run virtual time until the scenario's start-up has settled, as sim show does.")
    boolean settle;

    @Option(names = "--credentials", paramLabel = "KEY:SECRET",
            description = "Check each request's SigV4 signature against this access key id and secret (default: any signature is accepted).")
    String credentials;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Require this bearer token for the live page at /ui/ (default: none, the page is open on the bound address).")
    String token;

    @Option(names = "--store", converter = dev.fleetops.cli.common.PathOptions.StoreDirectory.class, paramLabel = "DIR",
            description = "Execution records the live page lists (those of runs given the same --store DIR; default: ~/.fleetops/executions).")
    java.nio.file.Path store;

    @Override
    public Integer call() {
        GlobalOptions g = GlobalOptions.of(spec);
        if (g.cloud != GlobalOptions.CloudKind.sim) throw new UsageError("sim serve serves the simulator: it takes no --cloud aws");
        if (port < 0 || port > 65535) throw new UsageError("--port must be between 0 and 65535, got " + port);
        if (!(speed >= 0) || Double.isInfinite(speed)) throw new UsageError("--speed must be a number >= 0, got " + speed);
        SimServer.Options options = new SimServer.Options(bind, port, speed);
        if (credentials != null) {
            try {
                options = options.checking(SimServer.Credentials.parse(credentials));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--credentials: " + e.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session session = Session.open(g)) {
            session.region();
            if (settle) session.settle();
            SimServer server;
            // the live page reads the region on its own thread: its first read is scheduled before the server owns it
            FleetUi ui = FleetUi.start(new FleetUi.Sources(session.cloud(), ExecutionStore.directory(store != null
                    ? store : ExecutionStore.defaultDirectory()), java.util.Optional.empty(),
                    java.util.Optional.ofNullable(token), java.time.Duration.ofSeconds(1)));
            try {
                server = SimServer.start(session.region(), options);
                server.mount(ui::mount);
            } catch (IOException e) {
                err.println("fleetops: cannot listen on " + e.getMessage() + " (another process holds the port? change --port or --bind)");
                err.flush();
                return ExitCodes.ENVIRONMENT;
            }
            out.println(server.endpoint());
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fleetops-sim-serve-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.close();
            ui.close();
            err.println("fleetops sim serve: stopped");
            err.flush();
            stopped.countDown();
        }
        return ExitCodes.OK;
    }
}
