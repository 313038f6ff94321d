package dev.fleetops.sim.events;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.model.DeleteRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.DeleteRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ListRulesRequest;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.PutRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.RemoveTargetsRequest;
import software.amazon.awssdk.services.eventbridge.model.RemoveTargetsResponse;

import java.util.concurrent.CompletableFuture;

/** {@link EventBridgeAsyncClient} over the simulated default bus. Unmodelled operations throw UnsupportedOperationException. */
final class SimEventBridgeClient implements EventBridgeAsyncClient {

    private final SimContext ctx;
    private final EventBridgeSim events;
    private final EventRules rules;

    SimEventBridgeClient(SimContext ctx, EventBridgeSim events, EventRules rules) {
        this.ctx = ctx;
        this.events = events;
        this.rules = rules;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }

    @Override
    public CompletableFuture<PutRuleResponse> putRule(PutRuleRequest r) {
        return ctx.gate().call("events", "PutRule", () -> rules.putRule(r));
    }

    @Override
    public CompletableFuture<DescribeRuleResponse> describeRule(DescribeRuleRequest r) {
        return ctx.gate().call("events", "DescribeRule", () -> rules.describeRule(r));
    }

    @Override
    public CompletableFuture<ListRulesResponse> listRules(ListRulesRequest r) {
        return ctx.gate().call("events", "ListRules", () -> rules.listRules(r));
    }

    @Override
    public CompletableFuture<DeleteRuleResponse> deleteRule(DeleteRuleRequest r) {
        return ctx.gate().call("events", "DeleteRule", () -> rules.deleteRule(r));
    }

    @Override
    public CompletableFuture<PutTargetsResponse> putTargets(PutTargetsRequest r) {
        return ctx.gate().call("events", "PutTargets", () -> rules.putTargets(r));
    }

    @Override
    public CompletableFuture<ListTargetsByRuleResponse> listTargetsByRule(ListTargetsByRuleRequest r) {
        return ctx.gate().call("events", "ListTargetsByRule", () -> rules.listTargetsByRule(r));
    }

    @Override
    public CompletableFuture<RemoveTargetsResponse> removeTargets(RemoveTargetsRequest r) {
        return ctx.gate().call("events", "RemoveTargets", () -> rules.removeTargets(r));
    }

    @Override
    public CompletableFuture<PutEventsResponse> putEvents(PutEventsRequest r) {
        return ctx.gate().call("events", "PutEvents", () -> events.putEvents(r));
    }
}
