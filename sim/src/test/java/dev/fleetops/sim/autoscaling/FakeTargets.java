package dev.fleetops.sim.autoscaling;

import dev.fleetops.sim.region.SimContext;
import dev.fleetops.sim.region.TargetRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Target groups for Auto Scaling tests: a registered target is initial, healthy 10 s later; a deregistered one
 * drains for {@link #drainDelay} and is then gone.
 */
final class FakeTargets implements TargetRegistry {

    private final SimContext ctx;
    private final Map<String, String> arnByName = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> states = new LinkedHashMap<>();
    Duration drainDelay = Duration.ofSeconds(30);

    FakeTargets(SimContext ctx) {
        this.ctx = ctx;
    }

    String create(String name) {
        String arn = "arn:aws:elasticloadbalancing:" + ctx.region() + ":" + ctx.accountId() + ":targetgroup/" + name
                + "/0123456789abcdef";
        arnByName.put(name, arn);
        states.put(arn, new LinkedHashMap<>());
        return arn;
    }

    @Override
    public Optional<String> resolve(String nameOrArn) {
        if (states.containsKey(nameOrArn)) return Optional.of(nameOrArn);
        return Optional.ofNullable(arnByName.get(nameOrArn));
    }

    @Override
    public void register(String arn, String id) {
        Map<String, String> tg = states.get(arn);
        tg.put(id, "initial");
        ctx.scheduler().schedule(Duration.ofSeconds(10), () -> {
            if ("initial".equals(tg.get(id))) tg.put(id, "healthy");
        });
    }

    @Override
    public void deregister(String arn, String id) {
        Map<String, String> tg = states.get(arn);
        String s = tg.get(id);
        if (s == null || s.equals("draining")) return;
        tg.put(id, "draining");
        ctx.scheduler().schedule(drainDelay, () -> {
            if ("draining".equals(tg.get(id))) tg.remove(id);
        });
    }

    @Override
    public Optional<String> state(String arn, String id) {
        return Optional.ofNullable(states.get(arn).get(id));
    }

    void fail(String arn, String id) {
        states.get(arn).put(id, "unhealthy");
    }

    /** Targets registered and not draining. */
    List<String> serving(String arn) {
        List<String> out = new ArrayList<>();
        states.get(arn).forEach((id, s) -> {
            if (!s.equals("draining")) out.add(id);
        });
        return out;
    }
}
