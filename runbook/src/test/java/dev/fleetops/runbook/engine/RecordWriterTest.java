package dev.fleetops.runbook.engine;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A directory store writes its records behind the engine's thread (RecordWriter), never losing the latest. */
class RecordWriterTest {

    private static final String DOC = """
            schemaVersion: '0.3'
            mainSteps:
              - name: nap
                action: aws:sleep
                inputs: {Duration: PT1S}
            """;

    private ExecutionRecord record(String id) {
        EngineFixture f = new EngineFixture(b -> b);
        ExecutionRecord r = f.scheduler.await(f.start(DOC, Map.of()).result(), java.time.Duration.ofMinutes(1));
        return Json.MAPPER.convertValue(((com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(r)).put("AutomationExecutionId", id), ExecutionRecord.class);
    }

    @Test
    void aSaveDoesNotWaitForTheDiskAndTheLatestRecordOfEachExecutionIsWritten(@TempDir Path dir) throws Exception {
        List<String> written = new ArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        RecordWriter w = RecordWriter.of(dir, (id, r) -> {
            try {
                release.await(); // a disk that does not answer yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (written) {
                written.add(id + "@" + r.status());
            }
        });
        ExecutionRecord a = record("a");
        for (int i = 0; i < 1000; i++) w.offer(a); // returns while the disk is blocked
        assertThat(w.pending("a")).contains(a);
        release.countDown();
        w.flush();
        assertThat(w.pending("a")).isEmpty();
        synchronized (written) {
            assertThat(written).as("a burst of saves is coalesced").hasSizeLessThanOrEqualTo(2).allMatch(s -> s.startsWith("a@"));
        }
    }

    @Test
    void aFailedWriteIsReportedByFlushNotThrownAtTheEngine(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        ExecutionStore store = ExecutionStore.directory(notADirectory);
        store.save(record("b")); // the engine's thread: no exception here
        assertThatThrownBy(store::flush).hasMessageContaining("file");
        store.flush(); // reported once
    }

    @Test
    void recordsAndSignalsAreWritten0600InAStoreDirectoryCreated0700(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path storeDir = dir.resolve("store");
        ExecutionStore store = ExecutionStore.directory(storeDir);
        store.save(record("private-1"));
        store.flush();
        Path file = storeDir.resolve("private-1.json");
        assertThat(Files.exists(file)).isTrue();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(storeDir))).isEqualTo("rwx------");
    }
}
