package dev.fleetops.cli.common;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converters for the path options every command shares, so a path that cannot work is refused while the command
 * line is parsed (exit 2, naming the option), before anything is read, run or written.
 */
public final class PathOptions {

    private PathOptions() { }

    /** {@code --docs DIR}: a directory that exists. */
    public static final class ExistingDirectory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (!Files.isDirectory(p)) {
                throw new TypeConversionException(Files.exists(p) ? value + " is a file, not a directory" : value + ": no such directory");
            }
            return p;
        }
    }

    /** {@code --store DIR}: a directory, or a path where one can be created (never an existing file). */
    public static final class StoreDirectory implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (Files.exists(p) && !Files.isDirectory(p)) throw new TypeConversionException(value + " is a file, not a directory");
            Path parent = nearestExisting(p.toAbsolutePath());
            if (parent != null && !Files.isDirectory(parent)) {
                throw new TypeConversionException(value + ": " + parent + " is a file, not a directory");
            }
            return p;
        }
    }

    /**
     * {@code --report FILE.html}: a file that can be written: not a directory, in a directory that exists and is
     * writable. Checked before a runbook runs, so an hour's run does not end in "cannot write the report".
     */
    public static final class ReportFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (Files.isDirectory(p)) throw new TypeConversionException(value + " is a directory; give a file name such as " + p.resolve("report.html"));
            Path parent = p.toAbsolutePath().getParent();
            if (parent == null || !Files.isDirectory(parent)) {
                throw new TypeConversionException(value + ": the directory " + parent + " does not exist");
            }
            if (!Files.isWritable(parent) || (Files.exists(p) && !Files.isWritable(p))) {
                throw new TypeConversionException(value + ": not writable");
            }
            return p;
        }
    }

    private static Path nearestExisting(Path p) {
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.exists(q)) return q;
        }
        return null;
    }
}
