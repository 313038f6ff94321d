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
import dev.fleetops.time.VirtualScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the Lambda entry points share, built once per execution environment (cold start) and reused by every
 * invocation: the Cloud (real AWS from the function's role; tests supply the simulator or moto), the rules file,
 * the built-in handlers, and the one intake path the daemon also uses (classify, match, dispatch).
 *
 * <p>Configuration (environment): {@code FLEETOPS_RULES} the rules file (default {@code rules.yaml} next to the
 * function code, i.e. in the jar's directory /var/task), {@code FLEETOPS_ENDPOINT} an endpoint override (tests,
 * emulators), {@code FLEETOPS_DEAD_LETTER_QUEUE_URL} where unparsable SQS messages are moved.
 *
 * <p>Idempotency lives in the environment's memory: a redelivery to the same warm environment does nothing new;
 * one to another environment runs the handler again, which every handler tolerates (detach, cleanups and
 * lifecycle completion are idempotent, "already gone" is success).
 */
public final class FleetopsFunction {

    private static final Logger LOG = LoggerFactory.getLogger(FleetopsFunction.class);
    static final Duration MAX_WAIT = Duration.ofMinutes(14); // Lambda's limit is 15 minutes

    private static volatile FleetopsFunction instance;
    private static volatile Supplier<Cloud> cloudSupplier = FleetopsFunction::awsCloud;
    private static volatile Supplier<String> rulesSupplier = () -> null;
    private static volatile Supplier<Optional<String>> deadLetterQueue = () -> Optional.ofNullable(
            System.getenv("FLEETOPS_DEAD_LETTER_QUEUE_URL")).filter(s -> !s.isBlank());

    private final Cloud cloud;
    private final Intake intake;
    private final RuleSet rules;

    private FleetopsFunction(Cloud cloud, RuleSet rules) {
        this.cloud = cloud;
        this.rules = rules;
        RunbookRunner runbooks = (doc, params) -> CompletableFuture.failedFuture(new UnsupportedOperationException(
                "runbooks are not available in the Lambda deployment; run this rule in fleetops serve"));
        this.intake = Intake.builder(rules, cloud).runbooks(runbooks).build();
        intake.events().onEvent(IntakeLog.to(LOG::warn));
    }

    /** The environment's instance, built at the first invocation. */
    public static FleetopsFunction get() {
        FleetopsFunction f = instance;
        if (f != null) return f;
        synchronized (FleetopsFunction.class) {
            if (instance == null) {
                String text = rulesSupplier.get();
                RuleSet rules = text != null ? RuleSet.load("rules.yaml", text, registry())
                        : RuleSet.load(rulesFile(), registry());
                instance = new FleetopsFunction(cloudSupplier.get(), rules);
            }
            return instance;
        }
    }

    /** Tests: run the entry points on another Cloud (the simulator, moto) with rules given as text. */
    public static synchronized void configure(Supplier<Cloud> cloud, String rulesYaml, Optional<String> deadLetterQueueUrl) {
        cloudSupplier = cloud;
        rulesSupplier = () -> rulesYaml;
        deadLetterQueue = () -> deadLetterQueueUrl;
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

    private static Path rulesFile() {
        String env = System.getenv("FLEETOPS_RULES");
        if (env != null && !env.isBlank()) return Path.of(env);
        String task = System.getenv("LAMBDA_TASK_ROOT");
        return Path.of(task != null ? task : ".", "rules.yaml");
    }

    private static Cloud awsCloud() {
        Optional<URI> endpoint = Optional.ofNullable(System.getenv("FLEETOPS_ENDPOINT")).filter(s -> !s.isBlank())
                .map(URI::create);
        return AwsCloud.create(new AwsSettings(Optional.ofNullable(System.getenv("AWS_REGION")), Optional.empty(), endpoint));
    }

    static Optional<String> deadLetterQueue() {
        return deadLetterQueue.get();
    }
}
