package dev.fleetops.cli.events;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.files.PrivateFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-consumer lock of a local store: {@code DIR/serve.lock}, an OS file lock held while {@code serve} runs.
 * The OS drops it when the process dies (kill -9 included), so a stale lock never blocks a restart. A second
 * {@code serve} on the same directory is refused (exit 2): two consumers on one local store would each think
 * they were alone.
 */
final class StoreLock implements AutoCloseable {

    static final String FILE_NAME = "serve.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StoreLock acquire(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            PrivateFiles.createDirectories(directory);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = ch.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                l = null;
            }
            if (l == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                ch.close();
                throw new UsageError("store " + directory + " is in use by another fleetops serve"
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; a local store supports one consumer. "
                        + "Give each replica its own --store DIR and share the idempotency keys in DynamoDB "
                        + "(idempotency: dynamodb-table:, see docs/events.md, \"Several replicas\")");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new StoreLock(ch, l);
        } catch (IOException e) {
            throw new UsageError("store " + directory + ": cannot take " + file + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway
        }
    }
}
