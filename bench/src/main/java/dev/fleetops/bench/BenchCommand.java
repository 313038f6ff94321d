package dev.fleetops.bench;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(addMethodSubcommands = false, name = "bench",
        header = "Run a named benchmark, or list them.",
        description = {
                "Benchmarks measure the numbers the project promises (BENCHMARKS.md records method and results).",
                "Each prints its metrics with the target and whether it is met; exit 1 if a target is missed."},
        footer = {"", "Examples:", "  fleetops bench                 list the benchmarks",
                "  fleetops bench kernel          simulated events per second", "  fleetops bench kernel -o json"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Benchmark to run; none: list them.")
    String name;

    @Option(names = "--quick", description = "Fewer iterations: a smoke run, less precise.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        GlobalOptions global = GlobalOptions.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        if (name == null) {
            if (global.structured()) {
                Output.print(global, out, Benchmarks.all().stream()
                        .map(b -> java.util.Map.of("Name", b.name(), "Description", b.description())).toList());
            } else {
                out.println("Benchmarks (run one with: fleetops bench NAME):");
                for (Benchmark b : Benchmarks.all()) out.printf(Locale.ROOT, "  %-14s %s%n", b.name(), b.description());
            }
            return ExitCodes.OK;
        }
        Benchmark b = Benchmarks.find(name).orElseThrow(() -> new UsageError("unknown benchmark '" + name
                + "'; known: " + String.join(", ", Benchmarks.all().stream().map(Benchmark::name).toList())));
        BenchResult r = b.run(quick, spec.commandLine().getErr());
        if (global.structured()) {
            Output.print(global, out, r);
        } else {
            out.println(r.benchmark() + ": " + r.method());
            for (BenchResult.Metric m : r.metrics()) {
                String verdict = m.meets() == null ? "" : (m.meets() ? "  ok (target " + m.target() + ")"
                        : "  MISSED (target " + m.target() + ")");
                out.printf(Locale.ROOT, "  %-48s %,16.1f %s%s%n", m.name(), m.value(), m.unit(), verdict);
            }
        }
        return r.meetsAll() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
