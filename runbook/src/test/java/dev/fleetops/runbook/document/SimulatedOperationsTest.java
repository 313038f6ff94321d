package dev.fleetops.runbook.document;

import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.sim.SimRegion;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The validator's list of the operations the simulator models of a partly modelled service is the simulator's:
 * the methods its client overrides (every other method of the SDK interface throws UnsupportedOperationException).
 */
class SimulatedOperationsTest {

    @Test
    void theValidatorNamesExactlyTheOperationsTheSimulatedClientImplements() {
        SimRegion region = SimRegion.empty();
        StepChecks.SIMULATED_OPERATIONS.forEach((service, operations) -> {
            var api = ApiCatalog.standard().requireService(service);
            Object client = api.client(region.cloud());
            Set<String> implemented = new TreeSet<>();
            for (Method m : client.getClass().getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == CompletableFuture.class && m.getParameterCount() == 1) {
                    implemented.add(Character.toUpperCase(m.getName().charAt(0)) + m.getName().substring(1));
                }
            }
            assertThat(new TreeSet<>(operations)).as(service).isEqualTo(implemented);
            implemented.forEach(op -> assertThat(api.operation(op)).as(service + " " + op).isPresent());
        });
    }
}
