package dev.fleetops.handlers.decommission;

import dev.fleetops.source.InputError;
import dev.fleetops.source.SourceReader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameTemplateTest {

    private static final InventoryEntry WEB = new InventoryEntry("i-0abc12345678", Optional.of("web-1"),
            Optional.of("10.0.0.7"), Optional.of("ip-10-0-0-7.ec2.internal"), Optional.empty(), Optional.empty(),
            Optional.empty(), Map.of("role", "web"), Instant.EPOCH, Set.of());

    @Test
    void placeholdersAreFilledFromTheInventory() {
        var at = SourceReader.read("t.yaml", "x: 1").asMap();
        assertThat(NameTemplate.parse("{hostname}.{tag:role}.example.com", at).apply(WEB)).contains("ip-10-0-0-7.web.example.com");
        assertThat(NameTemplate.parse("{name}-{instance-id}", at).apply(WEB)).contains("web-1-i-0abc12345678");
        assertThat(NameTemplate.parse("{private-ip}", at).apply(WEB)).contains("10.0.0.7");
        assertThat(NameTemplate.parse("{tag:team}", at).apply(WEB)).as("a missing value gives no name").isEmpty();
        assertThatThrownBy(() -> NameTemplate.parse("{ip}", at)).isInstanceOf(InputError.class)
                .hasMessageContaining("unknown placeholder {ip}");
    }
}
