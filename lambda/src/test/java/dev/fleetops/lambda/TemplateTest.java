package dev.fleetops.lambda;

import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.SourceReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment template names handler classes that exist; the example rules load with the built-in handlers. */
class TemplateTest {

    @Test
    void everyFunctionHandlerIsAClassOfThisModule() throws Exception {
        MapNode resources = SourceReader.read(Path.of("template.yaml")).asMap().require("Resources").asMap();
        List<String> handlers = new ArrayList<>();
        for (var e : resources.list()) {
            MapNode r = e.getValue().asMap();
            if (!r.string("Type").equals("AWS::Serverless::Function")) continue;
            handlers.add(r.require("Properties").asMap().string("Handler"));
        }
        assertThat(handlers).containsExactlyInAnyOrder("dev.fleetops.lambda.EventBridgeFunction::handleRequest",
                "dev.fleetops.lambda.SqsFunction::handleRequest", "dev.fleetops.lambda.ScheduledFunction::handleRequest");
        for (String h : handlers) {
            Class<?> c = Class.forName(h.substring(0, h.indexOf("::")));
            assertThat(c.getMethods()).anyMatch(m -> m.getName().equals("handleRequest"));
        }
    }

    @Test
    void theExampleRulesLoadWithTheBuiltInHandlers() {
        RuleSet rules = RuleSet.load(Path.of("..", "examples", "rules", "handlers.yaml"), FleetopsFunction.registry());
        assertThat(rules.rules()).extracting(r -> r.handler().name())
                .containsExactly("spot-interruption", "lifecycle-hook", "decommission");
    }
}
