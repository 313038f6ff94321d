package dev.fleetops.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.jackson.JacksonRuntime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** JMESPath over Jackson trees, with compiled expressions cached (waiters evaluate the same few on every poll; the CLI's --query). */
public final class JmesPath {

    private static final JacksonRuntime RUNTIME = new JacksonRuntime();
    private static final Map<String, Expression<JsonNode>> CACHE = new ConcurrentHashMap<>();

    private JmesPath() { }

    /** @throws IllegalArgumentException naming the expression when it does not parse */
    public static Expression<JsonNode> compile(String expression) {
        return CACHE.computeIfAbsent(expression, e -> {
            try {
                return RUNTIME.compile(e);
            } catch (JmesPathException ex) {
                throw new IllegalArgumentException("bad JMESPath expression '" + e + "': " + ex.getMessage(), ex);
            }
        });
    }

    public static JsonNode search(String expression, JsonNode input) {
        return compile(expression).search(input);
    }
}
