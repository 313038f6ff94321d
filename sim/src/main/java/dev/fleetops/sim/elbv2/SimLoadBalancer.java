package dev.fleetops.sim.elbv2;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An Application Load Balancer and its listeners (each forwarding to one target group). */
final class SimLoadBalancer {

    /** A listener: requests on {@code port} go to {@code targetGroup}. */
    record SimListener(String arn, String loadBalancerArn, int port, String protocol, SimTargetGroup targetGroup) {

        Listener toSdk() {
            return Listener.builder()
                    .listenerArn(arn)
                    .loadBalancerArn(loadBalancerArn)
                    .port(port)
                    .protocol(protocol)
                    .defaultActions(Action.builder().type("forward").targetGroupArn(targetGroup.arn).build())
                    .build();
        }
    }

    final String arn;
    final String name;
    final String scheme;
    final String dnsName;
    final Instant created;
    final List<String> subnets;
    final List<String> securityGroups;
    private final Map<Integer, SimListener> listeners = new LinkedHashMap<>();

    SimLoadBalancer(String arn, String name, String scheme, String dnsName, Instant created, List<String> subnets,
                    List<String> securityGroups) {
        this.arn = arn;
        this.name = name;
        this.scheme = scheme;
        this.dnsName = dnsName;
        this.created = created;
        this.subnets = List.copyOf(subnets);
        this.securityGroups = List.copyOf(securityGroups);
    }

    SimListener listener(int port) {
        return listeners.get(port);
    }

    List<SimListener> listeners() {
        return List.copyOf(listeners.values());
    }

    void add(SimListener l) {
        listeners.put(l.port(), l);
    }

    LoadBalancer toSdk() {
        List<AvailabilityZone> zones = new ArrayList<>();
        for (int i = 0; i < subnets.size(); i++) {
            // Zones a, b, c... in subnet order: the simulated region has no subnet model to ask.
            zones.add(AvailabilityZone.builder().subnetId(subnets.get(i)).zoneName(zoneName(i)).build());
        }
        return LoadBalancer.builder()
                .loadBalancerArn(arn)
                .loadBalancerName(name)
                .dnsName(dnsName)
                .canonicalHostedZoneId("Z35SXDOTRQ7X7K")
                .createdTime(created)
                .scheme(scheme)
                .type("application")
                .state(LoadBalancerState.builder().code("active").build())
                .availabilityZones(zones)
                .securityGroups(securityGroups)
                .ipAddressType("ipv4")
                .build();
    }

    private String zoneName(int i) {
        String region = arn.split(":")[3];
        return region + (char) ('a' + (i % 26));
    }
}
