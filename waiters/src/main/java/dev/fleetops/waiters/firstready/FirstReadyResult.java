package dev.fleetops.waiters.firstready;

import dev.fleetops.waiters.InstanceStatusWait;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code wait first-ready} did.
 *
 * @param status      READY (a winner, and its setup succeeded or there was none), NONE_READY (failed fast or timed
 *                    out), SETUP_FAILED (a winner, but its setup did not succeed), CANCELLED
 * @param message     one line for people
 * @param winner      the first instance seen ready (null when none)
 * @param winnerKnownAt when fleetops saw the winner ready (null when none)
 * @param instances   the last status seen of every instance of the group, in group order
 * @param terminated  the losers terminated ({@code --on-losers terminate}), empty otherwise
 * @param apiCalls    the API calls made, by {@code service:Operation}
 * @param rounds      DescribeInstanceStatus poll rounds
 * @param throttled   rounds answered with throttling (each slowed the wait down)
 * @param elapsed     from the start to the end (setup included)
 * @param command     the setup command's result (null when none was asked for or there was no winner)
 */
public record FirstReadyResult(Status status, String message, String group, String winner, Instant winnerKnownAt,
                               Map<String, InstanceStatusWait.Status> instances, List<String> terminated,
                               Map<String, Long> apiCalls, int rounds, int throttled, Duration elapsed,
                               CommandResult command) {

    public enum Status { READY, NONE_READY, SETUP_FAILED, CANCELLED }

    public boolean ok() {
        return status == Status.READY;
    }

    /**
     * @param status   GetCommandInvocation's Status (Success, Failed, TimedOut, Cancelled) or "NotFinished" when the
     *                 follow-up wait itself ended first
     * @param exitCode ResponseCode (-1 while unknown)
     */
    public record CommandResult(String commandId, String documentName, String instanceId, String status,
                                String statusDetails, int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return "Success".equals(status);
        }
    }
}
