package dev.fleetops.sim.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the simulated SSM agent does for a command, since it runs nothing on this machine. The first
 * {@link CommandModel} whose {@code match} (a regular expression, found anywhere in the joined script text)
 * matches decides; each instance walks that model's {@code runs} in order (the last run repeats), so
 * "exit 194 the first time, 0 on the rerun" is two runs.
 */
public record AgentModel(List<CommandModel> commands, Run fallback) {

    public static AgentModel defaults() {
        return new AgentModel(List.of(), new Run(0, Duration.ofSeconds(1), "", Optional.empty()));
    }

    public record CommandModel(String match, List<Run> runs) { }

    /**
     * @param exitCode       exit code of the script (194/3010: reboot then rerun; 168/169: stop the document)
     * @param duration       how long the script runs
     * @param output         standard output
     * @param exitIfAppDown  when present, the exit code used instead if the instance's app is not answering when
     *                       the run ends (seed 004's health-check script: curl fails while the app is down)
     */
    public record Run(int exitCode, Duration duration, String output, Optional<Integer> exitIfAppDown) { }
}
