package dev.fleetops.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only their owner may read: execution records, the journal, idempotency keys, the inventory. They hold
 * parameters, outputs and instance inventories, so on a POSIX file system directories are created 0700 and files
 * 0600 (set at creation, so no moment exists where they are readable by others); elsewhere (Windows) the file
 * system's own ACLs apply.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() { }

    public static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates {@code dir} and its missing parents, 0700 on POSIX; an existing directory is left as it is. */
    public static Path createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) return dir;
        return posix(dir) ? Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY))
                : Files.createDirectories(dir);
    }

    /** Creates an empty file, 0600 on POSIX; false when it already existed. */
    public static boolean createFile(Path file) throws IOException {
        try {
            if (posix(file)) Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
            else Files.createFile(file);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /**
     * Writes {@code text} to a temporary sibling (0600) and moves it into place: a reader in another process never
     * sees half a file, nor anyone else a readable one. The directory is created (0700) when missing.
     */
    public static void writeAtomically(Path target, String text) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        createDirectories(parent);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // a leftover of a crash may have other permissions
        FileAttribute<?>[] attrs = posix(parent) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
        try (var ch = Files.newByteChannel(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attrs)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
