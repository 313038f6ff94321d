package dev.fleetops.cli.events;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(addMethodSubcommands = false, name = "events",
        header = "Handle EC2 and Auto Scaling events with a rules file, on the simulator.",
        description = {"Events are EventBridge JSON (also: SNS-wrapped, raw Auto Scaling lifecycle notifications).",
                "Each event is matched against the rules (EventBridge patterns) and handed to the rules' handlers;",
                "the output shows the rules matched and each handler's record. See docs/events.md."},
        subcommands = {HandleCommand.class, ReplayCommand.class, CommandLine.HelpCommand.class})
public final class EventsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
