package dev.fleetops.sim.wire;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The members AWS's service models mark required, for each operation's input and each structure inside one. The
 * Java SDK v2 generates no {@code RequiredTrait} on these services' fields, so the facts come from the same models
 * as botocore ships them, written to {@code required-members.txt} by {@code sim/scripts/required-members.py}.
 */
final class RequiredMembers {

    private static final Map<String, Set<String>> REQUIRED = load();

    private RequiredMembers() { }

    /**
     * The first required member {@code request} of {@code operation} lacks, as its path ({@code Filter.Name}), or
     * empty. Names are wire names ({@code locationName}) when {@code wireNames}, model member names otherwise.
     */
    static Optional<String> missing(String signingName, String operation, SdkPojo request, boolean wireNames) {
        return missing(signingName, REQUIRED.getOrDefault(signingName + " " + operation, Set.of()), request, "", wireNames);
    }

    private static Optional<String> missing(String service, Set<String> required, SdkPojo pojo, String prefix, boolean wireNames) {
        for (SdkField<?> f : pojo.sdkFields()) {
            Object v = f.getValueOrDefault(pojo);
            String name = prefix + (wireNames ? f.locationName() : f.memberName());
            if (absent(v)) {
                if (required.contains(f.memberName())) return Optional.of(name);
                continue;
            }
            Optional<String> inner = nested(service, v, name, wireNames);
            if (inner.isPresent()) return inner;
        }
        return Optional.empty();
    }

    private static Optional<String> nested(String service, Object v, String name, boolean wireNames) {
        if (v instanceof SdkPojo p) {
            Set<String> req = REQUIRED.getOrDefault(service + " ." + p.getClass().getSimpleName(), Set.of());
            return missing(service, req, p, name + ".", wireNames);
        }
        if (v instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                Optional<String> inner = nested(service, list.get(i), name + "." + (i + 1), wireNames);
                if (inner.isPresent()) return inner;
            }
        }
        return Optional.empty();
    }

    private static boolean absent(Object v) {
        return v == null || v instanceof SdkAutoConstructList<?> || v instanceof SdkAutoConstructMap<?, ?>;
    }

    private static Map<String, Set<String>> load() {
        Map<String, Set<String>> out = new HashMap<>();
        try (var in = RequiredMembers.class.getResourceAsStream("required-members.txt")) {
            if (in == null) throw new IllegalStateException("required-members.txt is missing from the sim module");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] p = line.trim().split(" ");
                out.put(p[0] + " " + p[1], Set.of(p[2].split(",")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
