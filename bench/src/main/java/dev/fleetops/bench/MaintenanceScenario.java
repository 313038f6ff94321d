package dev.fleetops.bench;

import java.util.Locale;

/**
 * The fleet of {@link MaintenanceBenchmark}: seed 004's web set-up (the built-in {@code web} scenario's app, health
 * check and SSM agent answers) grown to N instances in one group behind one target group, with a 30 s
 * deregistration delay instead of AWS's default 300 s and no timing jitter, so the lower bound is exact.
 */
final class MaintenanceScenario {

    static final String TARGET_GROUP = "fleet-tg";
    static final String ALB = "fleet-alb";
    static final int DEREGISTRATION_DELAY_S = 30;

    private MaintenanceScenario() { }

    static String text(int instances) {
        return String.format(Locale.ROOT, """
                name: maintenance-bench
                description: N instances of seed 004's web app behind one target group and an ALB
                timings:
                  boot: 30s
                  appStart: 10s
                  statusChecks: 2m
                  reboot: 30s
                  jitter: 0
                launchTemplates:
                  - name: web
                    imageId: ami-0abcdef1234567890
                    instanceType: t3.micro
                    tags:
                      Name: web
                targetGroups:
                  - name: %1$s
                    protocol: HTTP
                    port: 8080
                    healthCheck: {path: /, interval: 6s, timeout: 5s, healthyThreshold: 2, unhealthyThreshold: 2}
                    deregistrationDelay: %2$ds
                loadBalancers:
                  - name: %3$s
                    listeners:
                      - port: 80
                        targetGroup: %1$s
                groups:
                  - name: %4$s
                    launchTemplate: web
                    min: %5$d
                    max: %5$d
                    desired: %5$d
                    targetGroups: [%1$s]
                    healthCheckType: ELB
                    healthCheckGracePeriod: 60s
                agent:
                  commands:
                    - match: REBOOT_STARTED
                      runs:
                        - {exitCode: 194, duration: 1s, output: "Reboot initiated"}
                        - {exitCode: 0, duration: 1s, output: "Reboot finished"}
                    - match: 'curl http://localhost:8080'
                      runs:
                        - {exitCode: 0, duration: 60s, output: "Hello, World!", exitIfAppDown: 1}
                """, TARGET_GROUP, DEREGISTRATION_DELAY_S, ALB, MaintenanceBenchmark.GROUP, instances);
    }
}
