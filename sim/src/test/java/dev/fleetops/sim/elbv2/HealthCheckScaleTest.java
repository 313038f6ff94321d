package dev.fleetops.sim.elbv2;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's shape: 10,000 targets checked every 6 s for one virtual hour, one simulated step per check.
 * How long that takes on real time is for {@code fleetops bench kernel} (simulated events per second), not bounded here.
 */
class HealthCheckScaleTest {

    @Test
    void tenThousandTargetsForAVirtualHour() {
        Elbv2Fixture f = new Elbv2Fixture();
        List<String> groups = new ArrayList<>();
        List<String> sick = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            String tg = f.group("fleet-" + g);
            f.alb("fleet-alb-" + g, tg);
            groups.add(tg);
            for (int n = 0; n < 1000; n++) {
                String id = f.ec2.running();
                f.elb.register(tg, id);
                if (n == 0) sick.add(id);
            }
        }
        long eventsBefore = f.scheduler.processed();

        f.scheduler.runFor(Duration.ofMinutes(30));
        sick.forEach(id -> f.ec2.app(id, false));
        f.scheduler.runFor(Duration.ofMinutes(30));

        long events = f.scheduler.processed() - eventsBefore;
        assertThat(events).as("one check per target per 6 s").isBetween(5_990_000L, 6_000_000L);
        for (int g = 0; g < groups.size(); g++) {
            assertThat(f.elb.state(groups.get(g), sick.get(g))).contains("unhealthy");
        }
        assertThat(f.health(groups.get(0)).values()).filteredOn(h -> h.stateAsString().equals("healthy")).hasSize(999);
    }
}
