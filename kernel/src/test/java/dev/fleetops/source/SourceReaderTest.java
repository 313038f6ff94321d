package dev.fleetops.source;

import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Files as users' editors write them, and files written to break the reader: always a located answer. */
class SourceReaderTest {

    private static final String BOM = "\uFEFF";

    @Test
    void aByteOrderMarkIsIgnoredInJsonAsInYaml() throws Exception {
        Node json = SourceReader.read("doc.json", BOM + "{\"schemaVersion\": \"0.3\"}");
        Node yaml = SourceReader.read("doc.yaml", BOM + "schemaVersion: '0.3'\n");
        assertThat(((MapNode) json).get("schemaVersion")).isPresent();
        assertThat(((MapNode) yaml).get("schemaVersion")).isPresent();
        assertThat(Json.parse(BOM + "{\"id\": \"e-1\"}").path("id").asText()).isEqualTo("e-1");
    }

    @Test
    void aRecursiveAliasIsAnInputErrorNotAStackOverflow() {
        assertThatThrownBy(() -> SourceReader.read("loop.yaml", "a: &x\n  b: *x\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("loop.yaml").hasMessageContaining("recursive alias");
        assertThatThrownBy(() -> SourceReader.read("loop.yaml", "&x [*x]\n"))
                .isInstanceOf(InputError.class).hasMessageContaining("recursive alias");
    }

    @Test
    void anAliasUsedTwiceIsNotACycle() {
        Node n = SourceReader.read("ok.yaml", "base: &b {x: 1}\none: *b\ntwo: *b\n");
        assertThat(((MapNode) n).get("two")).isPresent();
    }

    @Test
    void veryDeepNestingIsRefusedWithItsLine() {
        int depth = 100_000;
        String yaml = "[".repeat(depth) + "]".repeat(depth);
        assertThatThrownBy(() -> SourceReader.read("deep.yaml", yaml))
                .isInstanceOf(InputError.class).hasMessageContaining("deep.yaml:1:")
                .hasMessageContaining("nested deeper than " + SourceReader.MAX_DEPTH + " levels");
        assertThatThrownBy(() -> SourceReader.read("deep.json", yaml))
                .isInstanceOf(InputError.class).hasMessageContaining("deep.json")
                .hasMessageContaining("nested deeper than " + SourceReader.MAX_DEPTH + " levels");
        StringBuilder blocks = new StringBuilder();
        for (int i = 0; i < 2000; i++) blocks.append("  ".repeat(i)).append("k").append(i).append(":\n");
        assertThatThrownBy(() -> SourceReader.read("deep-block.yaml", blocks.toString()))
                .isInstanceOf(InputError.class).hasMessageContaining("nested deeper than");
    }

    @Test
    void nestingAsDeepAsTheLimitIsRead() {
        int depth = SourceReader.MAX_DEPTH;
        assertThat(SourceReader.read("d.yaml", "[".repeat(depth) + "]".repeat(depth))).isInstanceOf(ListNode.class);
    }
}
