package dev.fleetops.cli.windows;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(addMethodSubcommands = false, name = "window", mixinStandardHelpOptions = true,
        header = "Maintenance windows: a schedule, targets and tasks, fired on the simulator or AWS.",
        description = {"A window file uses CreateMaintenanceWindow's and RegisterTaskWithMaintenanceWindow's member",
                "names (Schedule, ScheduleTimezone, Duration, Cutoff, Targets, Tasks...). See docs/maintenance-windows.md."},
        subcommands = {WindowRunCommand.class, CommandLine.HelpCommand.class})
public final class WindowCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
