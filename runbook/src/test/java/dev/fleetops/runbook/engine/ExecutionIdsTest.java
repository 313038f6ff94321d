package dev.fleetops.runbook.engine;

import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Execution ids on the simulator with a journal: unique per run, in one store and across fresh stores (as SSM's). */
class ExecutionIdsTest {

    static final String DOC = """
            schemaVersion: '0.3'
            mainSteps:
              - name: nap
                action: aws:sleep
                inputs:
                  Duration: PT1M
            """;

    @TempDir
    Path first;
    @TempDir
    Path second;

    /** The ids of {@code runs} runs, each by a new engine (a new process) on the store in {@code dir}. */
    List<String> runs(Path dir, int runs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            EngineFixture f = new EngineFixture();
            Journal store = Journals.sqlite(dir, f.scheduler, Runnable::run);
            f.engine = RunbookEngine.builder(f.cloud).ssmDocuments(false).seed(42).journal(store, "host:" + i + ":1").build();
            var r = f.scheduler.await(f.start(DOC, Map.of()).result(), Duration.ofHours(1));
            store.flush().toCompletableFuture().join();
            ids.add(r.id());
            store.close();
        }
        return ids;
    }

    @Test
    void runsOnOneStoreAndInFreshStoresNeverShareAnId() {
        List<String> one = runs(first, 3);
        assertThat(one).doesNotHaveDuplicates();
        // the same seed, document and scenario in a fresh store: an id of its own, not the first store's again
        assertThat(runs(second, 3)).doesNotContainAnyElementsOf(one);
        assertThat(runs(first, 1)).as("a fourth run on the first store").doesNotContainAnyElementsOf(one);
    }

    @Test
    void childIdsDeriveFromTheParentsSoARecoveryFindsThemAgain() {
        String parent = runs(first, 1).get(0);
        assertThat(ExecutionIds.child(parent, 1)).isEqualTo(ExecutionIds.child(parent, 1))
                .isNotEqualTo(ExecutionIds.child(parent, 2)).isNotEqualTo(parent);
    }
}
