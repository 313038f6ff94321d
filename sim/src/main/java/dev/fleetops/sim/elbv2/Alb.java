package dev.fleetops.sim.elbv2;

import java.util.List;

/**
 * A client's view of an Application Load Balancer: send it a request, get the status code the client would see.
 * A request goes round-robin to the healthy targets of the listener's target group (initial and draining targets
 * get none); with no healthy target the group fails open over its initial and unhealthy targets. The answer is
 * 200 if the chosen target's app responds and 502 if it does not (rebooting, stopping, dead but not yet found
 * unhealthy), and 503 when there is no target to route to.
 */
public final class Alb {

    /** @param instanceId the target that got the request; null for a 503 the load balancer answered itself */
    public record Response(int status, String instanceId) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final Response NO_TARGET = new Response(503, null);

    private final SimLoadBalancer lb;

    Alb(SimLoadBalancer lb) {
        this.lb = lb;
    }

    public String name() {
        return lb.name;
    }

    public String arn() {
        return lb.arn;
    }

    public String dnsName() {
        return lb.dnsName;
    }

    /** The ports with a listener, in creation order. */
    public List<Integer> ports() {
        return lb.listeners().stream().map(SimLoadBalancer.SimListener::port).toList();
    }

    /** A request to the first listener. @throws IllegalStateException if the load balancer has no listener */
    public Response request() {
        List<SimLoadBalancer.SimListener> listeners = lb.listeners();
        if (listeners.isEmpty()) throw new IllegalStateException("load balancer " + lb.name + " has no listener");
        return route(listeners.get(0));
    }

    /** A request to the listener on {@code port}. @throws IllegalArgumentException if there is none */
    public Response request(int port) {
        SimLoadBalancer.SimListener l = lb.listener(port);
        if (l == null) throw new IllegalArgumentException("load balancer " + lb.name + " has no listener on port " + port);
        return route(l);
    }

    private Response route(SimLoadBalancer.SimListener listener) {
        Target t = listener.targetGroup().pick();
        if (t == null) return NO_TARGET;
        return new Response(t.instance.appResponding() ? 200 : 502, t.instanceId);
    }
}
