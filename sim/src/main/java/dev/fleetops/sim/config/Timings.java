package dev.fleetops.sim.config;

import java.time.Duration;

/**
 * How long things take in the simulated region. {@code jitter} spreads every duration uniformly over
 * [d x (1 - jitter), d x (1 + jitter)] drawn from the region's timing stream, so "realistic spread" stays deterministic.
 *
 * @param boot          pending -> running
 * @param appStart      running -> the instance's app answers on its port (health checks and ALB traffic)
 * @param statusChecks  running -> InstanceStatus and SystemStatus turn from initializing to ok
 * @param stop          stopping -> stopped
 * @param reboot        reboot: the app is down for this long, then starts again (appStart after)
 * @param terminate     shutting-down -> terminated
 * @param spotWarning   lead time of the Spot interruption warning (AWS: 2 minutes)
 * @param jitter        0 (exact) to 0.9
 */
public record Timings(Duration boot, Duration appStart, Duration statusChecks, Duration stop, Duration reboot,
                      Duration terminate, Duration spotWarning, double jitter) {

    public static Timings defaults() {
        return new Timings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(120),
                Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(2), 0);
    }
}
