package dev.fleetops.cli.report;

/** Values per time bucket for one outcome (e.g. 2xx responses per second). */
public record Series(String name, String color, long[] values) { }
