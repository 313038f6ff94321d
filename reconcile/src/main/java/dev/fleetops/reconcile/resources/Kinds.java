package dev.fleetops.reconcile.resources;

import dev.fleetops.reconcile.FleetReader;
import dev.fleetops.reconcile.Kind;

import java.util.List;

/** The kinds a fleet file may declare. */
public final class Kinds {

    private Kinds() { }

    public static List<Kind> all() {
        return List.of(Ec2Instance.type(), Elbv2Target.type(), AutoscalingCapacity.type(), RunbookResource.type());
    }

    public static FleetReader reader() {
        return new FleetReader(all());
    }
}
