package dev.fleetops.waiters.firstready;

import dev.fleetops.waiters.ApiCalls;
import dev.fleetops.waiters.Backoff;
import dev.fleetops.waiters.Waiter;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.util.List;

import static dev.fleetops.waiters.Acceptor.error;
import static dev.fleetops.waiters.Acceptor.path;
import static dev.fleetops.waiters.Acceptor.retry;
import static dev.fleetops.waiters.Acceptor.success;

/**
 * Follows the setup command to its end whatever the end is (first-ready reads the status, exit code and output):
 * success on every terminal Status of GetCommandInvocation (StatusDetails says more, e.g. DeliveryTimedOut); retry on
 * InvocationDoesNotExist, which a command just sent answers for a moment (AWS Systems Manager API Reference:
 * GetCommandInvocation).
 */
final class CommandFinished {

    private CommandFinished() { }

    static Waiter of(SsmAsyncClient ssm, String commandId, String instanceId, Backoff backoff, ApiCalls calls) {
        return new Waiter("CommandFinished", () -> {
            calls.count("ssm:GetCommandInvocation");
            return ssm.getCommandInvocation(r -> r.commandId(commandId).instanceId(instanceId));
        }, List.of(
                success(path("Status", "Success")),
                success(path("Status", "Failed")),
                success(path("Status", "Cancelled")),
                success(path("Status", "TimedOut")),
                retry(error("InvocationDoesNotExist"))), backoff);
    }
}
