package dev.fleetops.sim.ec2;

import dev.fleetops.sim.region.Instances;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.config.Timings;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Ec2DeterminismAndScaleTest {

    private static List<String> scenario(long seed) {
        var s = new Ec2TestSupport(SimRegion.Settings.defaults().withSeed(seed)
                .withTimings(jittered()));
        List<String> seen = new ArrayList<>();
        for (Instance i : s.run(5).instances()) seen.add(i.instanceId() + " " + i.privateIpAddress());
        s.region.context().bus().subscribe(e -> seen.add(e.path("id").asText() + " " + e.path("time").asText()));
        s.advance(Duration.ofMinutes(10));
        return seen;
    }

    private static Timings jittered() {
        Timings d = Timings.defaults();
        return new Timings(d.boot(), d.appStart(), d.statusChecks(), d.stop(), d.reboot(), d.terminate(),
                d.spotWarning(), 0.3);
    }

    @Test
    void sameSeedSameIdsAndEventTimes() {
        assertThat(scenario(7)).isEqualTo(scenario(7));
        assertThat(scenario(7).get(0)).isNotEqualTo(scenario(8).get(0));
        assertThat(scenario(7)).hasSize(5 + 5); // five ids, then five running events (pending came before subscribing)
    }

    @Test
    void tenThousandInstancesTakeAFewSimulatedStepsEach() { // how fast on real time: fleetops bench kernel
        var s = new Ec2TestSupport(SimRegion.Settings.defaults().withTimings(jittered()));
        int[] appsUp = {0};
        s.region.ec2().addListener(new Instances.Listener() {
            @Override
            public void appChanged(String instanceId, boolean responding) {
                if (responding) appsUp[0]++;
            }
        });
        for (int n = 0; n < 10; n++) s.run(1000);
        s.region.scheduler().runFor(Duration.ofHours(1));

        assertThat(appsUp[0]).isEqualTo(10_000);
        assertThat(s.region.ec2().instanceCount()).isEqualTo(10_000);
        // a few steps per instance (boot, app start; other services' own per-instance steps such as the SSM
        // agent registering): nothing proportional to fleet x events
        assertThat(s.region.scheduler().processed()).isLessThan(5L * 10_000);
        var page = s.call(s.ec2.describeInstanceStatus(b -> b.maxResults(1000)
                .filters(f -> f.name("instance-status.status").values("ok"))));
        assertThat(page.instanceStatuses()).hasSize(1000);
        assertThat(page.nextToken()).isNotNull();
    }
}
