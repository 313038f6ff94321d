package dev.fleetops.journal;

import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process that appends is killed (SIGKILL: no close, no shutdown hook, no checkpoint) while appends are still
 * queued; reopening the file loses no entry whose append had been acknowledged.
 */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void aKilledProcessLosesNoAcknowledgedEntry() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Appender.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        long acknowledged = 0;
        StringBuilder other = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < 2_000 && (line = out.readLine()) != null) {
                if (line.startsWith("acked ")) acknowledged = Math.max(acknowledged, Long.parseLong(line.substring(6)));
                else other.append(line).append('\n');
            }
            child.destroyForcibly(); // SIGKILL while the child keeps appending
            child.waitFor();
        }
        assertThat(acknowledged).as("the child acknowledged appends; its other output:\n" + other).isEqualTo(2_000);

        try (Journal j = Journals.sqlite(dir, new VirtualScheduler(), Runnable::run)) {
            List<Recorded> history = j.history("crash").toCompletableFuture().join();
            assertThat((long) history.size()).isGreaterThanOrEqualTo(acknowledged);
            for (int i = 0; i < history.size(); i++) assertThat(history.get(i).sequence()).isEqualTo(i + 1);
        }
    }

    /** The child: appends as fast as it can and prints each acknowledged sequence number. */
    public static final class Appender {
        public static void main(String[] args) throws Exception {
            VirtualScheduler s = new VirtualScheduler();
            Journal j = Journals.sqlite(Path.of(args[0]), s, Runnable::run);
            j.append("crash", Journal.UNLEASED, new Entry.Started(s.now(), ExecutionKind.RUNBOOK, "Doc", Optional.empty(), Map.of(),
                    Optional.empty())).toCompletableFuture().join();
            System.out.println("acked 1");
            for (int i = 0; i < 1_000_000; i++) {
                var e = new Entry.StepIntent(s.now(), "s" + i, 1, "ec2", "RebootInstances", "t" + i, dev.fleetops.json.Json.object());
                j.append("crash", Journal.UNLEASED, e).thenAccept(seq -> System.out.println("acked " + seq));
                if (i % 64 == 63) j.flush().toCompletableFuture().join(); // keep the queue short, as a live engine does
            }
            new CountDownLatch(1).await(); // never reached in the test: it is killed first
        }
    }
}
