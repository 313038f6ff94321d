package dev.fleetops.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * The permission check of a key or secret file before it is used, as ssh does for private keys: a file others can
 * write is refused (anyone could swap the key fleetops signs with), a file others can read is accepted with a
 * warning (the key may have leaked). Only on a POSIX file system; elsewhere there is nothing to check.
 */
public final class SecretFiles {

    private SecretFiles() { }

    /**
     * @return a warning when others may read {@code file}; empty when it is private or the file system is not POSIX
     * @throws IllegalArgumentException when its group or others may write it (the message says how to fix it)
     */
    public static Optional<String> check(Path file) throws IOException {
        if (!PrivateFiles.posix(file)) return Optional.empty();
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
        String mode = PosixFilePermissions.toString(p);
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IllegalArgumentException(file + " is writable by " + (p.contains(PosixFilePermission.OTHERS_WRITE)
                    ? "everyone" : "its group") + " (" + mode + "): refused, anyone could replace the key; run chmod 600 " + file);
        }
        if (p.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.of("warning: " + file + " is readable by everyone (" + mode + "): the key may have leaked; "
                    + "run chmod 600 " + file);
        }
        return Optional.empty();
    }
}
