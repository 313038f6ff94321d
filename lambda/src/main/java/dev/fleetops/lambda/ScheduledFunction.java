package dev.fleetops.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.spi.Periodic;
import dev.fleetops.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Handler {@code dev.fleetops.lambda.ScheduledFunction::handleRequest}: the target of an EventBridge schedule
 * (e.g. rate(5 minutes)). Runs the periodic work of every rule's handler: decommission's inventory of live
 * instances, spot-interruption's sweep of leaked detached instances ({@link Periodic}).
 */
public final class ScheduledFunction implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        input.readAllBytes();
        FleetopsFunction f = FleetopsFunction.get();
        ObjectNode out = Json.object();
        for (Rule r : f.rules().rules()) {
            if (r.handler() instanceof Periodic p && !p.interval().isZero()) {
                out.put(r.name(), f.await(p.tick(f.cloud())));
            }
        }
        output.write(Json.compact(out).getBytes(StandardCharsets.UTF_8));
    }
}
