package dev.fleetops.source;

/** Where a value stands in a user's file: 1-based line and column. */
public record Location(String file, int line, int column) {

    public static Location of(String file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) return file;
        return file + ":" + line + ":" + column;
    }
}
