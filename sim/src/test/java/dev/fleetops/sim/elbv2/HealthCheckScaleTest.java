package dev.fleetops.sim.elbv2;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's shape: 10,000 targets checked every 6 s for one virtual hour, well within 30 s. */
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
        long wallStart = System.nanoTime();
        long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long eventsBefore = f.scheduler.processed();

        f.scheduler.runFor(Duration.ofMinutes(30));
        sick.forEach(id -> f.ec2.app(id, false));
        f.scheduler.runFor(Duration.ofMinutes(30));

        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);
        Duration cpu = Duration.ofNanos(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart);
        long events = f.scheduler.processed() - eventsBefore;
        assertThat(events).as("one check per target per 6 s").isBetween(5_990_000L, 6_000_000L);
        // CPU time of the simulating thread: wall time also counts other processes on a shared machine.
        assertThat(cpu).as("cpu time for %d events (wall %s)", events, wall).isLessThan(Duration.ofSeconds(30));
        for (int g = 0; g < groups.size(); g++) {
            assertThat(f.elb.state(groups.get(g), sick.get(g))).contains("unhealthy");
        }
        assertThat(f.health(groups.get(0)).values()).filteredOn(h -> h.stateAsString().equals("healthy")).hasSize(999);
        System.out.printf("elbv2 health checks: %d events in %d ms wall, %d ms cpu%n", events, wall.toMillis(),
                cpu.toMillis());
    }
}
