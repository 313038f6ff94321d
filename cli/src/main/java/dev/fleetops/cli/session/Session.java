package dev.fleetops.cli.session;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.CloudBuilder;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenario;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.sim.wire.SimServer;
import dev.fleetops.time.VirtualScheduler;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Where a command acts, made from the global options: the simulated region (a scenario, on virtual time) or AWS
 * (real clients, real time). Commands call {@link #await} to wait for results the same way on both.
 */
public final class Session implements AutoCloseable {

    private final Cloud cloud;
    private final SimRegion region; // null on AWS

    private Session(Cloud cloud, SimRegion region) {
        this.cloud = cloud;
        this.region = region;
    }

    public static Session open(GlobalOptions g) {
        if (g.cloud == GlobalOptions.CloudKind.aws) {
            if (g.seed != null || !g.scenarioParams.isEmpty() || !g.scenario.equals("web")) {
                throw new UsageError("--scenario, --scenario-param and --seed apply to --cloud sim only");
            }
            return new Session(AwsCloud.create(new AwsSettings(Optional.ofNullable(g.region),
                    Optional.ofNullable(g.profile), Optional.ofNullable(g.endpointUrl))), null);
        }
        if (g.profile != null || g.endpointUrl != null) {
            throw new UsageError("--profile and --endpoint-url apply to --cloud aws only");
        }
        Scenario scenario = Scenarios.load(g.scenario, g.scenarioParams);
        SimRegion region = g.seed == null ? Scenarios.start(scenario) : Scenarios.start(scenario, g.seed);
        return on(region);
    }

    /** A session on a region the caller started (tests that count calls at the simulator's API gate). */
    public static Session on(SimRegion region) {
        // aws:executeScript's scripts reach the region on a loopback port, started on first use, closed with us
        return new Session(CloudBuilder.served(region.cloud(), SimServer.onDemand(region)), region);
    }

    public Cloud cloud() {
        return cloud;
    }

    public boolean simulated() {
        return region != null;
    }

    /** The simulated region; fails on AWS (callers check {@link #simulated()} or are sim-only commands). */
    public SimRegion region() {
        if (region == null) throw new UsageError("this command needs the simulator (--cloud sim)");
        return region;
    }

    /** Lets the scenario's start-up finish: every desired instance InService and healthy. */
    public void settle() {
        if (region != null) Scenarios.settle(region, Scenarios.DEFAULT_SETTLE);
    }

    /**
     * Waits for an operation: on the simulator by driving virtual time, on AWS by blocking this (CLI) thread,
     * which is the edge of the non-blocking core.
     */
    public <T> T await(CompletionStage<T> stage, Duration maxWait) {
        if (region != null) return region.scheduler().await(stage, maxWait);
        return awaitWallClock(stage, maxWait, "AWS");
    }

    /**
     * Blocks this thread until {@code stage} completes, whatever the clock of the session: for work that runs on
     * real threads even on the simulator (a read of a local file). A timeout says {@code what} gave no answer.
     */
    public static <T> T awaitWallClock(CompletionStage<T> stage, Duration maxWait, String what) {
        try {
            return stage.toCompletableFuture().get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer from " + what + " within " + maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    public VirtualScheduler virtualTime() {
        return region().scheduler();
    }

    @Override
    public void close() {
        cloud.close();
    }
}
