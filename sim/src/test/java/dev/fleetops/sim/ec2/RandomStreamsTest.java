package dev.fleetops.sim.ec2;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.FaultPlan;
import dev.fleetops.sim.config.Timings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults, timing jitter and clients draw from streams of their own, each derived from the seed: switching faults on
 * changes which calls fail and which instances are impaired, never when instances boot or pass their checks.
 */
class RandomStreamsTest {

    private static final long SEED = 11;

    /** Faults drawing from the random at every launch (impaired share) and at every describe (injected errors). */
    private static FaultPlan randomFaults() {
        var errors = new FaultPlan.ApiFault("ec2", "DescribeInstances", Optional.of("InternalError"), 0.5,
                Duration.ZERO, Duration.ZERO, Optional.empty());
        return new FaultPlan(false, List.of(errors), List.of(), 0.5, List.of(), 0);
    }

    /** Per instance, in launch order: its id, when it was running (virtual time) and when its checks completed. */
    private static List<String> bootTimings(FaultPlan faults) {
        Timings d = Timings.defaults();
        Timings jittered = new Timings(d.boot(), d.appStart(), d.statusChecks(), d.stop(), d.reboot(), d.terminate(),
                d.spotWarning(), 0.5);
        var s = new Ec2TestSupport(SimRegion.Settings.defaults().withSeed(SEED).withTimings(jittered).withFaults(faults));
        List<String> running = new ArrayList<>();
        s.region.context().bus().subscribe(e -> {
            if (e.path("detail").path("state").asText().equals("running")) {
                running.add(e.path("detail").path("instance-id").asText() + " running at " + e.path("time").asText());
            }
        });
        List<String> ids = new ArrayList<>();
        for (int batch = 0; batch < 4; batch++) {
            ids.addAll(Ec2TestSupport.ids(s.run(5)));
            for (int k = 0; k < 5; k++) {
                s.region.scheduler().await(s.ec2.describeInstances(r -> r.instanceIds(ids)).handle((ok, err) -> ok),
                        Duration.ofMinutes(1));
            }
            s.advance(Duration.ofSeconds(7));
        }
        s.advance(Duration.ofMinutes(10));
        List<String> timings = new ArrayList<>(running);
        for (String id : ids) timings.add(id + " checks at " + s.region.ec2().statusChecksDoneAt(id).orElseThrow());
        return timings;
    }

    @Test
    void faultsOnOrOffTheSameSeedBootsAndChecksAtTheSameTimes() {
        List<String> calm = bootTimings(FaultPlan.none());
        List<String> faulty = bootTimings(randomFaults());

        assertThat(calm).hasSize(20 + 20);
        assertThat(faulty).isEqualTo(calm);
    }

    @Test
    void theFaultsReallyDrewFromTheirStream() {
        var s = new Ec2TestSupport(SimRegion.Settings.defaults().withSeed(SEED).withFaults(randomFaults()));
        List<String> ids = Ec2TestSupport.ids(s.run(20));
        for (int k = 0; k < 20; k++) {
            s.region.scheduler().await(s.ec2.describeInstances(r -> r.instanceIds(ids)).handle((ok, err) -> ok),
                    Duration.ofMinutes(1));
        }
        s.advance(Duration.ofMinutes(5));

        assertThat(s.region.context().gate().rejected().get("ec2:DescribeInstances")).isBetween(1L, 19L);
        long impaired = ids.stream().filter(id -> s.region.ec2().statusImpaired(id)).count();
        assertThat(impaired).isBetween(1L, 19L);
    }
}
