package dev.fleetops.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Private files (0600 in 0700 directories) and the permission check of key files, on POSIX and elsewhere. */
class PrivateFilesTest {

    @TempDir
    Path dir;

    private String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void writtenFilesAre0600InDirectoriesCreated0700() throws Exception {
        assumeTrue(PrivateFiles.posix(dir));
        Path f = dir.resolve("store/records/x.json");
        PrivateFiles.writeAtomically(f, "{\"a\":1}");
        assertThat(Files.readString(f)).isEqualTo("{\"a\":1}");
        assertThat(mode(f)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("store"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("store/records"))).isEqualTo("rwx------");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--")); // an old record
        PrivateFiles.writeAtomically(f, "{\"a\":2}");
        assertThat(mode(f)).as("rewritten records become private").isEqualTo("rw-------");
        assertThat(PrivateFiles.createFile(dir.resolve("db"))).isTrue();
        assertThat(mode(dir.resolve("db"))).isEqualTo("rw-------");
        assertThat(PrivateFiles.createFile(dir.resolve("db"))).isFalse();
    }

    @Test
    void keyFilesOthersCanWriteAreRefusedAndOnesEveryoneCanReadWarned() throws Exception {
        assumeTrue(PrivateFiles.posix(dir));
        Path key = Files.writeString(dir.resolve("client.pem"), "k");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThatThrownBy(() -> SecretFiles.check(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(key + " is writable by everyone (rw-rw-rw-): refused, anyone could replace the key; run chmod 600 " + key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw----"));
        assertThatThrownBy(() -> SecretFiles.check(key)).hasMessageStartingWith(key + " is writable by its group");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(SecretFiles.check(key)).contains("warning: " + key + " is readable by everyone (rw-r--r--): the key may "
                + "have leaked; run chmod 600 " + key);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(SecretFiles.check(key)).isEmpty();
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
        assertThat(SecretFiles.check(key)).isEmpty();
    }

    @Test
    void onAFileSystemWithoutPosixPermissionsNothingIsCheckedAndFilesStillWrite() throws Exception {
        // a zip file system has no POSIX view (unless asked for one): as on Windows, the checks step aside
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + dir.resolve("t.zip").toUri()), Map.of("create", "true"))) {
            Path inZip = zip.getPath("/store/x.json");
            assertThat(PrivateFiles.posix(inZip)).isFalse();
            PrivateFiles.writeAtomically(inZip, "{}");
            assertThat(Files.readString(inZip)).isEqualTo("{}");
            assertThat(SecretFiles.check(inZip)).isEmpty();
        }
    }
}
