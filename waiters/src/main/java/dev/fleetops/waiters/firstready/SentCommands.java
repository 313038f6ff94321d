package dev.fleetops.waiters.firstready;

import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.Command;
import software.amazon.awssdk.services.ssm.model.CommandFilter;
import software.amazon.awssdk.services.ssm.model.CommandFilterKey;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.random.RandomGenerator;

/**
 * The setup's SendCommand has no idempotency token: its Comment carries a marker, and after an answer that leaves
 * the outcome unknown (a 5xx) the command bearing it is looked up (ListCommands on the winner, invoked since a
 * little before the send) before anything is sent again, as aws:runCommand does (docs/retries.md).
 */
final class SentCommands {

    /** SSM API Reference, SendCommand: Comment is at most 100 characters. */
    static final String COMMENT = "fleetops wait first-ready";

    /** At most this many sends of one setup command (each after a lookup found none). */
    static final int MAX_SENDS = 3;

    private SentCommands() { }

    /** {@code fleetops:} and 32 hex digits from {@code random} (seeded on the simulator: repeatable). */
    static String marker(RandomGenerator random) {
        return "fleetops:" + HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    static String comment(String marker) {
        return COMMENT + " " + marker;
    }

    /** The id of the command on {@code instanceId} whose Comment ends with {@code marker}, sent after {@code since} less 5 minutes. */
    static CompletionStage<Optional<String>> find(SsmAsyncClient ssm, String instanceId, String marker, Instant since) {
        CommandFilter after = CommandFilter.builder().key(CommandFilterKey.INVOKED_AFTER)
                .value(since.minus(Duration.ofMinutes(5)).toString()).build();
        return ssm.listCommands(r -> r.instanceId(instanceId).filters(after)).thenApply(r -> r.commands().stream()
                .filter(c -> c.comment() != null && c.comment().endsWith(marker)).map(Command::commandId).findFirst());
    }
}
