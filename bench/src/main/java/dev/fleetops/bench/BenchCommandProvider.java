package dev.fleetops.bench;

import dev.fleetops.cli.common.CommandProvider;

/** Adds {@code fleetops bench} to the command line when fleetops-bench.jar is on the classpath. */
public final class BenchCommandProvider implements CommandProvider {
    @Override
    public Object command() {
        return new BenchCommand();
    }
}
