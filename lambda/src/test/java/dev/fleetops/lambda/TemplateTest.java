package dev.fleetops.lambda;

import dev.fleetops.events.IdempotencyStores;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.handlers.decommission.DynamoDbInventoryStore;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.SourceReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment template names handler classes that exist, runs them on java21, and creates the tables with the
 * keys the stores use; the packaged and the example rules load with the built-in handlers. CfnLintTest lints it.
 */
class TemplateTest {

    private static MapNode resources() {
        return SourceReader.read(Path.of("template.yaml")).asMap().require("Resources").asMap();
    }

    @Test
    void everyFunctionHandlerIsAClassOfThisModule() throws Exception {
        List<String> handlers = new ArrayList<>();
        for (var e : resources().list()) {
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
    void theFunctionsRunOnJava21AndReadTheTablesTheTemplateCreates() {
        MapNode function = SourceReader.read(Path.of("template.yaml")).asMap().require("Globals").asMap()
                .require("Function").asMap();
        assertThat(function.string("Runtime")).isEqualTo("java21");
        MapNode variables = function.require("Environment").asMap().require("Variables").asMap();
        assertThat(variables.require(LambdaEnvironment.IDEMPOTENCY_TABLE).asMap().string("Ref")).isEqualTo("IdempotencyTable");
        assertThat(variables.require(LambdaEnvironment.INVENTORY_TABLE).asMap().string("Ref")).isEqualTo("InventoryTable");
        assertThat(variables.require(LambdaEnvironment.RULES).asMap().string("Ref")).isEqualTo("RulesFile");

        assertThat(partitionKey("IdempotencyTable")).isEqualTo(IdempotencyStores.KEY);
        assertThat(resources().require("IdempotencyTable").asMap().require("Properties").asMap()
                .require("TimeToLiveSpecification").asMap().string("AttributeName")).isEqualTo(IdempotencyStores.TTL_ATTRIBUTE);
        assertThat(partitionKey("InventoryTable")).isEqualTo(DynamoDbInventoryStore.KEY);
    }

    private static String partitionKey(String table) {
        Node keys = resources().require(table).asMap().require("Properties").asMap().require("KeySchema");
        return keys.asList().get(0).asMap().string("AttributeName");
    }

    @Test
    void thePackagedRulesLoadWithTheBuiltInHandlers() {
        RuleSet rules = LambdaRules.load(LambdaEnvironment.of(Map.of()), Optional.empty(), FleetopsFunction.registry());
        assertThat(rules.rules()).extracting(r -> r.handler().name()).containsExactly("spot-interruption", "lifecycle-hook");
    }

    @Test
    void theExampleRulesLoadWithTheBuiltInHandlers() {
        RuleSet rules = RuleSet.load(Path.of("..", "examples", "rules", "handlers.yaml"), FleetopsFunction.registry());
        assertThat(rules.rules()).extracting(r -> r.handler().name())
                .containsExactly("spot-interruption", "lifecycle-hook", "scheduled-change", "decommission");
    }
}
