package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.Operation;
import dev.fleetops.cloud.api.ServiceApi;
import software.amazon.awssdk.protocols.core.OperationInfo;

import java.lang.reflect.Field;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A REST service's operations by HTTP method and URI template ({@code POST /2013-04-01/hostedzone/{Id}/rrset/}), read
 * once from the binding the SDK's own request marshaller of each operation carries ({@code SDK_OPERATION_BINDING}),
 * so that no route is written by hand. A request maps to the operation whose template matches it with the most
 * literal characters.
 */
final class RestRoutes {

    /** A matched operation and the values of its URI template's labels. */
    record Match(Operation operation, Map<String, String> labels) { }

    private record Route(Operation operation, String method, Pattern path, List<String> labels, int literal) { }

    private static final Pattern LABEL = Pattern.compile("\\{([^}+]+)(\\+?)}");

    private final List<Route> routes;

    RestRoutes(ServiceApi api) {
        List<Route> found = new ArrayList<>();
        for (Operation op : api.operations().values()) {
            OperationInfo info = binding(op);
            if (info == null || info.requestUri() == null) continue;
            String uri = info.requestUri();
            int q = uri.indexOf('?');
            if (q >= 0) uri = uri.substring(0, q);
            List<String> labels = new ArrayList<>();
            StringBuilder regex = new StringBuilder();
            Matcher m = LABEL.matcher(uri);
            int last = 0;
            int literal = 0;
            while (m.find()) {
                regex.append(Pattern.quote(uri.substring(last, m.start())));
                literal += m.start() - last;
                regex.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
                labels.add(m.group(1));
                last = m.end();
            }
            String tail = trim(uri.substring(last));
            regex.append(Pattern.quote(tail)).append("/?");
            literal += tail.length();
            found.add(new Route(op, info.httpMethod().name(), Pattern.compile(regex.toString()), labels, literal));
        }
        found.sort(Comparator.comparingInt(Route::literal).reversed());
        this.routes = found;
    }

    Optional<Match> match(String method, String path) {
        for (Route r : routes) {
            if (!r.method().equals(method)) continue;
            Matcher m = r.path().matcher(path);
            if (!m.matches()) continue;
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < r.labels().size(); i++) {
                labels.put(r.labels().get(i), URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
            }
            return Optional.of(new Match(r.operation(), labels));
        }
        return Optional.empty();
    }

    private static String trim(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The SDK marshaller's operation binding: its class is public, its constant private, hence the reflection. */
    private static OperationInfo binding(Operation op) {
        String model = op.requestClass().getPackageName();
        String transform = model.substring(0, model.length() - ".model".length()) + ".transform.";
        try {
            Class<?> marshaller = Class.forName(transform + op.requestClass().getSimpleName() + "Marshaller", false,
                    op.requestClass().getClassLoader());
            Field f = marshaller.getDeclaredField("SDK_OPERATION_BINDING");
            f.setAccessible(true);
            return (OperationInfo) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
