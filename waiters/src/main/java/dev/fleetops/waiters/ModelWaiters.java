package dev.fleetops.waiters;

import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.time.Duration;
import java.util.List;

import static dev.fleetops.waiters.Acceptor.error;
import static dev.fleetops.waiters.Acceptor.failure;
import static dev.fleetops.waiters.Acceptor.path;
import static dev.fleetops.waiters.Acceptor.pathAll;
import static dev.fleetops.waiters.Acceptor.pathAny;
import static dev.fleetops.waiters.Acceptor.retry;
import static dev.fleetops.waiters.Acceptor.success;

/**
 * Waiters of the AWS model, written as {@link Waiter} definitions (EC2 {@code waiters-2.json}, reference section
 * 2.1-2.4; SSM {@code CommandExecuted}). They keep the model's acceptors, gaps included (InstanceStatusOk has no
 * failure acceptor); first-ready uses {@link InstanceStatusWait} instead.
 */
public final class ModelWaiters {

    private static final Backoff EC2_MODEL = Backoff.smithy(Duration.ofSeconds(15), Duration.ofSeconds(120));

    private ModelWaiters() { }

    public static Waiter instanceRunning(Ec2AsyncClient ec2, List<String> ids) {
        return new Waiter("InstanceRunning", () -> ec2.describeInstances(r -> r.instanceIds(ids)), List.of(
                success(pathAll("Reservations[].Instances[].State.Name", "running")),
                failure(pathAny("Reservations[].Instances[].State.Name", "shutting-down")),
                failure(pathAny("Reservations[].Instances[].State.Name", "terminated")),
                failure(pathAny("Reservations[].Instances[].State.Name", "stopping")),
                retry(error("InvalidInstanceID.NotFound"))), EC2_MODEL);
    }

    public static Waiter instanceStopped(Ec2AsyncClient ec2, List<String> ids) {
        return new Waiter("InstanceStopped", () -> ec2.describeInstances(r -> r.instanceIds(ids)), List.of(
                success(pathAll("Reservations[].Instances[].State.Name", "stopped")),
                failure(pathAny("Reservations[].Instances[].State.Name", "pending")),
                failure(pathAny("Reservations[].Instances[].State.Name", "terminated"))), EC2_MODEL);
    }

    public static Waiter instanceTerminated(Ec2AsyncClient ec2, List<String> ids) {
        return new Waiter("InstanceTerminated", () -> ec2.describeInstances(r -> r.instanceIds(ids)), List.of(
                success(pathAll("Reservations[].Instances[].State.Name", "terminated")),
                failure(pathAny("Reservations[].Instances[].State.Name", "pending")),
                failure(pathAny("Reservations[].Instances[].State.Name", "stopping"))), EC2_MODEL);
    }

    /** As the model: no failure acceptor, so a terminated instance waits to the deadline (aws-cli #2849). */
    public static Waiter instanceStatusOk(Ec2AsyncClient ec2, List<String> ids) {
        return new Waiter("InstanceStatusOk", () -> ec2.describeInstanceStatus(r -> r.instanceIds(ids)), List.of(
                success(pathAll("InstanceStatuses[].InstanceStatus.Status", "ok")),
                retry(error("InvalidInstanceID.NotFound"))), EC2_MODEL);
    }

    /**
     * SSM {@code CommandExecuted} (GetCommandInvocation, 5 s): success on Success; failure on Cancelled, TimedOut,
     * Failed, Cancelling; retry while Pending, InProgress, Delayed and on InvocationDoesNotExist (just sent).
     */
    public static Waiter commandExecuted(SsmAsyncClient ssm, String commandId, String instanceId) {
        return new Waiter("CommandExecuted", () -> ssm.getCommandInvocation(r -> r.commandId(commandId)
                .instanceId(instanceId)), List.of(
                retry(path("Status", "Pending")),
                retry(path("Status", "InProgress")),
                retry(path("Status", "Delayed")),
                success(path("Status", "Success")),
                failure(path("Status", "Cancelled")),
                failure(path("Status", "TimedOut")),
                failure(path("Status", "Failed")),
                failure(path("Status", "Cancelling")),
                retry(error("InvocationDoesNotExist"))), Backoff.fixed(Duration.ofSeconds(5)));
    }

    /**
     * Follows a command to its end whatever the end is (the caller reads the status, exit code and output):
     * success on every terminal status of the invocation
     * (GetCommandInvocation's Status; StatusDetails says more, e.g. DeliveryTimedOut).
     */
    public static Waiter commandFinished(SsmAsyncClient ssm, String commandId, String instanceId, Backoff backoff) {
        return new Waiter("CommandFinished", () -> ssm.getCommandInvocation(r -> r.commandId(commandId)
                .instanceId(instanceId)), List.of(
                success(path("Status", "Success")),
                success(path("Status", "Failed")),
                success(path("Status", "Cancelled")),
                success(path("Status", "TimedOut")),
                retry(error("InvocationDoesNotExist"))), backoff);
    }
}
