package dev.fleetops.cli;

import dev.fleetops.cli.common.UsageError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code fleetops bench} in fleetops.jar, which does not carry the benchmarks (JMH and the servers they start would
 * triple its size): says where they are. fleetops-bench.jar replaces it with the real command.
 */
@Command(addMethodSubcommands = false, name = "bench", header = "The benchmarks: they ship in bench/target/fleetops-bench.jar (./fleetops bench).")
final class BenchElsewhere implements Callable<Integer> {

    @Unmatched
    List<String> ignored; // NAME and --quick: whatever was asked, the answer is where the benchmarks live

    @Override
    public Integer call() {
        throw new UsageError("the benchmarks are not in this jar: run them with ./fleetops bench [NAME] from the"
                + " source tree, or java -jar bench/target/fleetops-bench.jar bench [NAME]"
                + " (built by mvn package -pl bench -am)");
    }
}
