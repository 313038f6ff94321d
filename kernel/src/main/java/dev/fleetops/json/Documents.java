package dev.fleetops.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.document.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The SDK's {@link Document} members (free-form JSON in a model) to and from JSON trees, member for member. */
public final class Documents {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Documents() { }

    public static JsonNode toJson(Document d) {
        if (d.isNull()) return F.nullNode();
        if (d.isBoolean()) return F.booleanNode(d.asBoolean());
        if (d.isNumber()) return F.numberNode(d.asNumber().bigDecimalValue());
        if (d.isString()) return F.textNode(d.asString());
        if (d.isList()) {
            ArrayNode a = F.arrayNode();
            d.asList().forEach(i -> a.add(toJson(i)));
            return a;
        }
        ObjectNode o = F.objectNode();
        d.asMap().forEach((k, v) -> o.set(k, toJson(v)));
        return o;
    }

    public static Document fromJson(JsonNode v) {
        if (v.isObject()) {
            Map<String, Document> m = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> m.put(e.getKey(), fromJson(e.getValue())));
            return Document.fromMap(m);
        }
        if (v.isArray()) {
            List<Document> l = new ArrayList<>();
            v.forEach(i -> l.add(fromJson(i)));
            return Document.fromList(l);
        }
        if (v.isBoolean()) return Document.fromBoolean(v.booleanValue());
        if (v.isNumber()) return Document.fromNumber(v.decimalValue());
        if (v.isNull()) return Document.fromNull();
        return Document.fromString(v.asText());
    }
}
