package dev.fleetops.cli.sim;

import dev.fleetops.cli.common.UsageError;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cli.common.DurationConverter;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.session.Session;
import dev.fleetops.json.Json;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.region.Timeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(addMethodSubcommands = false, name = "run",
        header = "Advance the simulated region's virtual time and print what happened.",
        description = {"Starts the scenario from its first instant (launches included), runs virtual time for the",
                "given duration, and prints the timeline: state changes, health transitions, lifecycle steps,",
                "events emitted, with the count of simulated events processed."},
        footer = {"", "Examples:", "  fleetops sim run --for 5m",
                "  fleetops sim run --for 1h -o json | jq '.Counts'"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Virtual time to run, e.g. 90s, 10m, 1h (default: 10m).")
    Duration duration = Duration.ofMinutes(10);

    @Override
    public Integer call() {
        GlobalOptions g = GlobalOptions.of(spec);
        if (duration.isZero() || duration.isNegative()) throw new UsageError("--for must be positive");
        try (Session session = Session.open(g)) {
            SimRegion region = session.region();
            region.timeline().record(true);
            Instant from = region.scheduler().now();
            long before = region.scheduler().processed();
            region.scheduler().runFor(duration);
            List<Timeline.Entry> entries = region.timeline().entries();
            long processed = region.scheduler().processed() - before;
            Map<String, Long> counts = new TreeMap<>();
            entries.forEach(e -> counts.merge(e.kind(), 1L, Long::sum));
            PrintWriter out = spec.commandLine().getOut();
            if (g.structured()) {
                ObjectNode o = Json.object();
                o.put("From", from.toString());
                o.put("To", region.scheduler().now().toString());
                o.put("SimulatedEventsProcessed", processed);
                o.set("Counts", Json.tree(counts));
                o.set("Timeline", Json.tree(entries.stream().map(e -> Map.of("Time", e.time().toString(),
                        "Kind", e.kind(), "Subject", e.subject(), "Text", e.text())).toList()));
                Output.print(g, out, o);
            } else {
                for (Timeline.Entry e : entries) {
                    out.printf(Locale.ROOT, "+%s  %-22s %-22s %s%n", clock(Duration.between(from, e.time())), e.kind(), e.subject(), e.text());
                }
                out.println();
                out.printf(Locale.ROOT, "%s of virtual time, %,d simulated events processed, %,d timeline entries%n",
                        clock(duration), processed, entries.size());
                counts.forEach((k, v) -> out.printf(Locale.ROOT, "  %-24s %,d%n", k, v));
            }
        }
        return ExitCodes.OK;
    }

    static String clock(Duration d) {
        return String.format(Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
