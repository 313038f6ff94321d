package dev.fleetops.cli.report;

import java.time.Instant;
import java.util.Optional;

/**
 * What one instance answered to a command of a run (SSM ListCommandInvocations with details): a Command
 * document's result per instance, which the step's own outputs give for the first instance only.
 *
 * @param output the start of the instance's output (SSM keeps the first 2,500 characters)
 */
public record CommandInvocation(String stepName, String commandId, String instanceId, String status,
                                Optional<Integer> responseCode, Optional<Instant> start, Optional<Instant> end,
                                String output) { }
