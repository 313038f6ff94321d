package dev.fleetops.runbook.action.control;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Actions depend on their contract only: the engine implements it, actions never reach into the engine. */
class ControlContractTest {

    private static final Path ACTIONS = Path.of("src", "main", "java", "dev", "fleetops", "runbook", "action");

    @Test
    void noActionImportsTheEngineOrCastsItsContext() throws IOException {
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ACTIONS)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(f -> {
                try {
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        String l = lines.get(i);
                        if (l.contains("dev.fleetops.runbook.engine") || l.contains("(ControlContext)")) {
                            offences.add(f + ":" + (i + 1) + ": " + l.trim());
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertThat(offences).as("the action packages must not depend on runbook.engine").isEmpty();
    }

    @Test
    void aControlActionOutsideAnExecutionFailsSayingWhy() {
        var stage = new PauseAction().execute((dev.fleetops.runbook.action.ActionContext) null);
        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        assertThat(stage.toCompletableFuture().handle((r, e) -> e.getMessage()).join())
                .contains("aws:pause").contains("runs only inside");
    }
}
