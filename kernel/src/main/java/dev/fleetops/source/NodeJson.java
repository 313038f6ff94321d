package dev.fleetops.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** Converts a located tree to a plain Jackson tree (locations dropped), e.g. to hand an event pattern on. */
public final class NodeJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private NodeJson() { }

    public static JsonNode toJson(Node n) {
        if (n instanceof MapNode m) {
            ObjectNode o = F.objectNode();
            m.entries().forEach((k, v) -> o.set(k, toJson(v)));
            return o;
        }
        if (n instanceof ListNode l) {
            ArrayNode a = F.arrayNode();
            l.items().forEach(i -> a.add(toJson(i)));
            return a;
        }
        ScalarNode s = (ScalarNode) n;
        try {
            return switch (s.type()) {
                case NULL -> F.nullNode();
                case BOOLEAN -> F.booleanNode(Boolean.parseBoolean(s.value().toLowerCase(Locale.ROOT)));
                case INTEGER -> F.numberNode(new BigInteger(s.value().replace("_", "")));
                case DECIMAL -> F.numberNode(new BigDecimal(s.value()));
                case STRING -> F.textNode(s.value());
            };
        } catch (NumberFormatException e) {
            return F.textNode(s.value());
        }
    }
}
