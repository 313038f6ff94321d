package dev.fleetops.lambda;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The functions' configuration, read from the execution environment's variables (template.yaml sets them; docs/lambda.md
 * lists them). A blank variable counts as unset, so the template can pass an empty parameter for "the default".
 *
 * @param rulesFile        {@value #RULES}: a rules file in the environment (e.g. /opt/fleetops/rules.yaml from a
 *                         layer); empty: the rules packaged in the jar ({@value #PACKAGED_RULES})
 * @param endpoint         {@value #ENDPOINT}: one endpoint for every service (tests, emulators such as moto)
 * @param region           {@code AWS_REGION}, which Lambda sets
 * @param deadLetterQueue  {@value #DEAD_LETTER_QUEUE}: where SqsFunction moves unparsable messages
 * @param idempotencyTable {@value #IDEMPOTENCY_TABLE}: the DynamoDB table of idempotency keys shared by every
 *                         environment; empty: keys in this environment's memory
 * @param inventoryTable   {@value #INVENTORY_TABLE}: the DynamoDB table of decommission's inventory; empty: memory
 */
public record LambdaEnvironment(Optional<String> rulesFile, Optional<URI> endpoint, Optional<String> region,
                                Optional<String> deadLetterQueue, Optional<String> idempotencyTable,
                                Optional<String> inventoryTable) {

    public static final String RULES = "FLEETOPS_RULES";
    public static final String ENDPOINT = "FLEETOPS_ENDPOINT";
    public static final String DEAD_LETTER_QUEUE = "FLEETOPS_DEAD_LETTER_QUEUE_URL";
    public static final String IDEMPOTENCY_TABLE = "FLEETOPS_IDEMPOTENCY_TABLE";
    public static final String INVENTORY_TABLE = "FLEETOPS_INVENTORY_TABLE";
    /** The class-path resource of the default rules (lambda/src/main/resources). */
    public static final String PACKAGED_RULES = "dev/fleetops/lambda/rules.yaml";

    public static LambdaEnvironment of(Map<String, String> env) {
        return new LambdaEnvironment(get(env, RULES), get(env, ENDPOINT).map(LambdaEnvironment::uri),
                get(env, "AWS_REGION"), get(env, DEAD_LETTER_QUEUE), get(env, IDEMPOTENCY_TABLE), get(env, INVENTORY_TABLE));
    }

    private static Optional<String> get(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static URI uri(String s) {
        try {
            return URI.create(s);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationError(ENDPOINT + "=" + s + " is not a URL (e.g. http://127.0.0.1:5000)");
        }
    }

    /**
     * A mistake in the function's configuration (a variable, the rules file): the message says which and what was
     * expected. No stack trace: the message is the whole story, and Lambda logs a thrown error's trace otherwise.
     */
    public static final class ConfigurationError extends RuntimeException {
        public ConfigurationError(String message) {
            super(message, null, false, false);
        }
    }
}
