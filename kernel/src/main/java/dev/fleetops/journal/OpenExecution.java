package dev.fleetops.journal;

/**
 * An execution that has started and not ended: what recovery looks at.
 *
 * @param lastSequence the sequence number of its latest entry
 */
public record OpenExecution(String executionId, Entry.Started started, long lastSequence) { }
