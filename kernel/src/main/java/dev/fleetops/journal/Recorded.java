package dev.fleetops.journal;

/** An entry as stored: its execution, its place in that execution's sequence (1, 2, ...) and the entry. */
public record Recorded(String executionId, long sequence, Entry entry) { }
