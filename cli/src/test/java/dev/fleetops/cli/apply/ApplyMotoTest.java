package dev.fleetops.cli.apply;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.reconcile.Engine;
import dev.fleetops.reconcile.FleetFile;
import dev.fleetops.reconcile.ResourceState;
import dev.fleetops.reconcile.ResourceStatus;
import dev.fleetops.reconcile.Services;
import dev.fleetops.testing.MotoServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `apply` against moto (real SDK clients over HTTP, real time): create, stop and terminate converge. moto emits no
 * EC2 events, so watches fall back to polling; and moto does not honour ClientToken (a repeated token launches a
 * second instance: docs/simulator.md lists this among moto's differences), so the no-duplicate guarantee is proven on
 * the simulator only.
 * Skipped when moto is not installed, unless FLEETOPS_REQUIRE_MOTO=1.
 */
@ExtendWith(MotoServerExtension.class)
class ApplyMotoTest {

    static FleetFile fleet(String state) {
        return SimFleet.fleet("fleet: moto\nresources:\n  - kind: ec2:instance\n    name: m1\n    state: " + state
                + "\n    image: ami-05448533fbe614dce\n    instanceType: t3.micro\n    tags: {role: test}\n");
    }

    static List<ResourceState> apply(Cloud cloud, FleetFile fleet) throws Exception {
        Engine e = new Engine(fleet, new Services("moto", cloud, Optional.empty(), (d, p) -> new CompletableFuture<>(), 1),
                Duration.ofMillis(300), false);
        e.start();
        try {
            return e.converged().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
            e.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    static List<Instance> named(Cloud cloud) throws Exception {
        return cloud.ec2().describeInstances(DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("tag:Name").values("m1").build()).build()).get(10, TimeUnit.SECONDS)
                .reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    @Test
    void createStopAndTerminateConverge(Cloud cloud) throws Exception {
        List<ResourceState> first = apply(cloud, fleet("running"));
        assertThat(first).as("errors: %s", first.stream().flatMap(r -> r.errors().stream()).toList())
                .extracting(ResourceState::status).containsExactly(ResourceStatus.changed);
        assertThat(named(cloud)).singleElement().satisfies(i -> {
            assertThat(i.state().nameAsString()).isEqualTo("running");
            assertThat(i.tags()).extracting(t -> t.key() + "=" + t.value()).contains("role=test", "fleetops:generation=0");
        });
        assertThat(apply(cloud, fleet("running"))).extracting(ResourceState::status).containsExactly(ResourceStatus.converged);

        List<ResourceState> stopped = apply(cloud, fleet("stopped"));
        assertThat(stopped.get(0).changes()).singleElement().asString().startsWith("state: running -> stopped");
        assertThat(named(cloud).get(0).state().nameAsString()).isEqualTo("stopped");

        List<ResourceState> terminated = apply(cloud, fleet("terminated"));
        assertThat(terminated.get(0).status()).isEqualTo(ResourceStatus.changed);
        assertThat(named(cloud).get(0).state().nameAsString()).isEqualTo("terminated");

        // the terminated instance still bears the Name tag and is ignored: running again means a new instance
        List<ResourceState> launched = apply(cloud, fleet("running"));
        assertThat(launched).as("errors: %s", launched.stream().flatMap(r -> r.errors().stream()).toList())
                .extracting(ResourceState::status).containsExactly(ResourceStatus.changed);
        assertThat(named(cloud)).extracting(i -> i.state().nameAsString()).containsExactlyInAnyOrder("terminated", "running");
        assertThat(named(cloud)).filteredOn(i -> i.state().nameAsString().equals("running")).singleElement()
                .satisfies(i -> assertThat(i.tags()).extracting(t -> t.key() + "=" + t.value()).contains("fleetops:generation=1"));
    }
}
