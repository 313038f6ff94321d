package dev.fleetops.cli.wait;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(addMethodSubcommands = false, name = "wait", mixinStandardHelpOptions = true,
        header = "Wait for resources to reach a state, polling them all at once.",
        description = {"Waits poll in batches (DescribeInstanceStatus: 100 ids per call), back off with jitter,",
                "slow down when throttled, always have a deadline, and stop every API call the moment they end."},
        subcommands = {FirstReadyCommand.class, CommandLine.HelpCommand.class})
public final class WaitCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
