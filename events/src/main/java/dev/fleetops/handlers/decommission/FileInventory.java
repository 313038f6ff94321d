package dev.fleetops.handlers.decommission;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.fleetops.files.PrivateFiles;
import dev.fleetops.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The inventory in a JSON file, rewritten atomically (temp file + rename) on every change, so a daemon restart
 * or a crash between capture and termination loses nothing. Fine for thousands of instances; with several
 * replicas use a shared store instead.
 */
final class FileInventory extends MemoryInventory {

    private final Path file;

    public FileInventory(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                List<InventoryEntry> loaded = Json.MAPPER.readValue(file.toFile(), new TypeReference<>() { });
                for (InventoryEntry e : loaded) entries.put(e.instanceId(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the inventory " + file + ": " + e.getMessage(), e);
            }
        }
    }

    public Path file() {
        return file;
    }

    @Override
    protected void changed() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            PrivateFiles.createDirectories(dir);
            // createTempFile makes it 0600 on POSIX, and the move keeps that
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), entries.values());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the inventory " + file + ": " + e.getMessage(), e);
        }
    }
}
