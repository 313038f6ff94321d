package dev.fleetops.handlers.decommission;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The contract on the in-memory and the file inventory (single-process: the "second replica" is the same one). */
class MemoryInventoryTest extends InventoryContract {

    private final MemoryInventory inventory = new MemoryInventory();

    @Override
    protected Inventory inventory() {
        return inventory;
    }

    @Override
    protected Inventory secondReplica() {
        return inventory;
    }

    static class FileInventoryTest extends InventoryContract {

        @TempDir
        Path dir;
        private FileInventory inventory;

        @Override
        protected Inventory inventory() {
            if (inventory == null) inventory = new FileInventory(dir.resolve("inventory.json"));
            return inventory;
        }

        @Override
        protected Inventory secondReplica() {
            return inventory();
        }
    }
}
