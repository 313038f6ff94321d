package dev.fleetops.cli.sim;

import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.Output;
import dev.fleetops.cli.session.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(addMethodSubcommands = false, name = "show",
        header = "Show the simulated region once its start-up has settled.",
        description = {"Starts the scenario, runs virtual time until every desired instance is InService and",
                "healthy, then prints the Auto Scaling groups, instances and target groups with their targets'",
                "health. -o json uses the AWS response shapes (AutoScalingGroups, Reservations, TargetGroups)."},
        footer = {"", "Examples:", "  fleetops sim show", "  fleetops sim show --scenario asg-launch --scenario-param size=5",
                "  fleetops sim show -o json | jq '.TargetGroups[0].TargetHealthDescriptions'"})
public final class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        GlobalOptions g = GlobalOptions.of(spec);
        try (Session session = Session.open(g)) {
            session.region();
            session.settle();
            RegionSnapshot snap = RegionSnapshot.read(session);
            PrintWriter out = spec.commandLine().getOut();
            if (g.structured()) {
                Output.print(g, out, snap.toJson());
            } else {
                SnapshotText.print(snap, session.virtualTime().now(), out);
            }
        }
        return ExitCodes.OK;
    }
}
