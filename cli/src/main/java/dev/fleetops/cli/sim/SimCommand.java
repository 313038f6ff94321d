package dev.fleetops.cli.sim;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(addMethodSubcommands = false, name = "sim",
        header = "Look at and run the embedded simulated region.",
        description = {"The simulated region answers the same SDK calls as AWS, on virtual time.",
                "Pick the starting region with --scenario (default: web) and --seed."},
        subcommands = {ShowCommand.class, RunCommand.class, SimServeCommand.class, CommandLine.HelpCommand.class})
public final class SimCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
