package dev.fleetops.lambda;

import dev.fleetops.cloud.AwsCloud;
import dev.fleetops.cloud.AwsSettings;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.Intake;
import dev.fleetops.events.IntakeLog;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.rules.HandlerRegistry;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.handlers.decommission.DecommissionHandler;
import dev.fleetops.lambda.LambdaEnvironment.ConfigurationError;
import dev.fleetops.time.VirtualScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the Lambda entry points share, built once per execution environment (cold start) and reused by every
 * invocation: the Cloud (real AWS from the function's role; tests supply the simulator or moto), the rules, the
 * built-in handlers, the idempotency keys, and the one intake path the daemon also uses (classify, match, dispatch).
 * {@link LambdaEnvironment} lists the variables it reads.
 *
 * <p>A configuration mistake (a rules file that does not load, a table that does not exist) is logged as one line
 * and fails every invocation with the same {@link LambdaEnvironment.ConfigurationError} until it is fixed; no
 * event is handled with half a configuration.
 *
 * <p>Idempotency keys are in DynamoDB when {@code FLEETOPS_IDEMPOTENCY_TABLE} names a table (template.yaml creates
 * one): a redelivery to any environment does nothing new. Without it they live in the environment's memory: one
 * to another environment runs the handler again, which every handler tolerates (detach, cleanups and lifecycle
 * completion are idempotent, "already gone" is success).
 */
public final class FleetopsFunction {

    private static final Logger LOG = LoggerFactory.getLogger(FleetopsFunction.class);
    static final Duration MAX_WAIT = Duration.ofMinutes(14); // Lambda's limit is 15 minutes

    private static volatile FleetopsFunction instance;
    private static volatile Supplier<Cloud> cloudSupplier;
    private static volatile Supplier<Map<String, String>> environment = System::getenv;
    private static volatile Optional<String> rulesText = Optional.empty();

    private final Cloud cloud;
    private final Intake intake;
    private final RuleSet rules;
    private final LambdaEnvironment env;

    private FleetopsFunction(Cloud cloud, RuleSet rules, LambdaStores stores, LambdaEnvironment env) {
        this.cloud = cloud;
        this.rules = rules;
        this.env = env;
        RunbookRunner runbooks = (doc, params) -> CompletableFuture.failedFuture(new UnsupportedOperationException(
                "runbooks are not available in the Lambda deployment; run this rule in fleetops serve"));
        this.intake = Intake.builder(rules, cloud).runbooks(runbooks).store(stores.idempotency()).build();
        intake.events().onEvent(IntakeLog.to(LOG::warn));
    }

    /** The environment's instance, built at the first invocation; a configuration mistake fails it with its message. */
    public static FleetopsFunction get() {
        FleetopsFunction f = instance;
        if (f != null) return f;
        synchronized (FleetopsFunction.class) {
            if (instance == null) {
                try {
                    instance = build();
                } catch (ConfigurationError e) {
                    LOG.error("fleetops: the function cannot start: {}", e.getMessage());
                    throw e;
                }
            }
            return instance;
        }
    }

    private static FleetopsFunction build() {
        LambdaEnvironment env = LambdaEnvironment.of(environment.get());
        Cloud cloud = cloudSupplier != null ? cloudSupplier.get() : awsCloud(env);
        LambdaStores stores = LambdaStores.open(env, cloud.scheduler(), cloud.region());
        HandlerRegistry registry = registry();
        stores.inventory().ifPresent(i -> registry.replace(DecommissionHandler.factory(i,
                "the DynamoDB table " + LambdaEnvironment.INVENTORY_TABLE + " names")));
        return new FleetopsFunction(cloud, LambdaRules.load(env, rulesText, registry), stores, env);
    }

    /** Tests: run the entry points on another Cloud (the simulator, moto) with rules given as text. */
    public static synchronized void configure(Supplier<Cloud> cloud, String rulesYaml, Optional<String> deadLetterQueueUrl) {
        configure(cloud, Optional.of(rulesYaml), deadLetterQueueUrl
                .map(q -> Map.of(LambdaEnvironment.DEAD_LETTER_QUEUE, q)).orElse(Map.of()));
    }

    /**
     * Tests: another Cloud (null: AWS as the environment says), rules as text (empty: as the environment says) and
     * these variables instead of the process's environment. The next invocation is a cold start.
     */
    public static synchronized void configure(Supplier<Cloud> cloud, Optional<String> rulesYaml, Map<String, String> env) {
        cloudSupplier = cloud;
        rulesText = rulesYaml;
        environment = () -> env;
        instance = null;
    }

    public Cloud cloud() {
        return cloud;
    }

    public RuleSet rules() {
        return rules;
    }

    /** Starts handling one message body; the stage completes when its handlers have finished. */
    public CompletionStage<MessageFate> submit(String source, String body) {
        return intake.submit(source, body);
    }

    /** Classifies, matches and handles one message body, waiting for its handlers to finish. */
    public MessageFate handle(String source, String body) {
        return await(intake.submit(source, body));
    }

    /** Waits on real time against AWS; drives virtual time on the simulator. */
    public <T> T await(CompletionStage<T> stage) {
        if (cloud.scheduler() instanceof VirtualScheduler v) return v.await(stage, MAX_WAIT);
        try {
            return stage.toCompletableFuture().get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }

    static HandlerRegistry registry() {
        return BuiltInHandlers.registry();
    }

    private static Cloud awsCloud(LambdaEnvironment env) {
        return AwsCloud.create(new AwsSettings(env.region(), Optional.empty(), env.endpoint()));
    }

    Optional<String> deadLetterQueue() {
        return env.deadLetterQueue();
    }
}
