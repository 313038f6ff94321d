package dev.fleetops.sim.scenario;

import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every file under {@code src/test/resources/scenarios/bad/} is a mistake a user could make. Its first line is
 * {@code # expect: MESSAGE}, the exact error the reader must give (file:line:col: field: problem); an optional
 * {@code # params: NAME=VALUE ...} line stands for {@code --scenario-param} overrides.
 */
class BadScenarioTest {

    static final Path DIR = Path.of("src/test/resources/scenarios/bad");

    static Stream<String> files() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void isRejectedWithItsExactMessage(String file) throws IOException {
        List<String> lines = Files.readAllLines(DIR.resolve(file), StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("# expect: ");
        String expected = lines.get(0).substring("# expect: ".length());
        Map<String, String> params = new LinkedHashMap<>();
        lines.stream().filter(l -> l.startsWith("# params: ")).findFirst().ifPresent(l -> {
            for (String kv : l.substring("# params: ".length()).trim().split("\\s+")) {
                params.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
        });
        String text = Files.readString(DIR.resolve(file), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ScenarioReader.read("bad/" + file, text, params))
                .isInstanceOf(InputError.class)
                .hasMessage(expected);
    }

    @Test
    void thereAreAtLeastFifteenCases() throws IOException {
        assertThat(files().count()).isGreaterThanOrEqualTo(15);
    }
}
