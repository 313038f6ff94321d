package dev.fleetops.waiters.firstready;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What to run on the winner through SSM Run Command once it is ready. */
public sealed interface Setup {

    String documentName();

    Map<String, List<String>> parameters();

    /** A shell script, run with {@code AWS-RunShellScript}. */
    record Script(String script) implements Setup {
        @Override
        public String documentName() {
            return "AWS-RunShellScript";
        }

        @Override
        public Map<String, List<String>> parameters() {
            return Map.of("commands", List.of(script));
        }
    }

    /** Any Command document with its parameters ({@code -p NAME=VALUE}, repeatable: values of one name add up). */
    record Document(String documentName, Map<String, List<String>> parameters) implements Setup {
        public Document {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }
}
