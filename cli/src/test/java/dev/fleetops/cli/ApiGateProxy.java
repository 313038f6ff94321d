package dev.fleetops.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An HTTP proxy in front of an AWS endpoint (moto) that a child process is given as {@code --endpoint-url}: it
 * counts the API operations that pass and can hold one, so a test kills the process at an exact point of its
 * conversation with AWS instead of racing it. The operation is read as AWS protocols carry it: {@code Action=} in a
 * Query-protocol body (EC2, ELBv2, Auto Scaling, SQS's query form), else the {@code X-Amz-Target} header (JSON
 * protocols).
 */
public final class ApiGateProxy implements AutoCloseable {

    /** Where a hold stops a call: before it reaches AWS, or after AWS acted, with its answer withheld. */
    public enum Hold { BEFORE_SENDING, AFTER_SENDING }

    /** Headers the JDK's HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "api-gate-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private final Map<String, Substitute> substitutes = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Map<String, String> answers = new ConcurrentHashMap<>();

    /** An error answer of one operation replaced by a success: where the upstream differs from AWS's documentation. */
    private record Substitute(String errorCode, String successBody) { }

    /** A hold waiting for its call: {@code operation}, once {@code after} (if any) has reached AWS. */
    private record Armed(String operation, Hold hold, String after, CountDownLatch reached) { }

    public ApiGateProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Holds the next call of {@code operation} (for good: a test kills its caller); the returned latch opens
     * once the call is held, i.e. (AFTER_SENDING) once AWS has acted on it.
     */
    public CountDownLatch holdNext(String operation, Hold hold) {
        return holdNext(operation, hold, null);
    }

    /** As {@link #holdNext(String, Hold)}, for the first call of {@code operation} after one of {@code after}. */
    public CountDownLatch holdNext(String operation, Hold hold, String after) {
        Armed a = new Armed(operation, hold, after, new CountDownLatch(1));
        armed.set(a);
        return a.reached();
    }

    /**
     * Answers {@code operation}'s error {@code errorCode} with HTTP 200 and {@code successBody} instead: for an
     * emulator that refuses what AWS documents as a success. The call still counts.
     */
    public void answerSuccessInstead(String operation, String errorCode, String successBody) {
        substitutes.put(operation, new Substitute(errorCode, successBody));
    }

    /**
     * Answers every call of {@code operation} (a JSON-protocol one, such as SSM's) with AWS's AccessDeniedException,
     * as for credentials whose policy does not allow it; the call does not reach the upstream.
     */
    public void deny(String operation) {
        denied.add(operation);
    }

    /**
     * Answers every call of JSON-protocol {@code operation} with HTTP 200 and {@code body}, without the upstream: for
     * an operation the emulator does not implement (moto has no ListCommandInvocations).
     */
    public void answer(String operation, String body) {
        answers.put(operation, body);
    }

    /** How many calls of {@code operation} reached AWS. */
    public int count(String operation) {
        return counts.getOrDefault(operation, 0);
    }

    /** Every operation that reached AWS, in order. */
    public List<String> operations() {
        return List.copyOf(operations);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String operation = operation(ex, body);
            if (answers.containsKey(operation)) {
                byte[] ok = answers.get(operation).getBytes(StandardCharsets.UTF_8);
                operations.add(operation);
                counts.merge(operation, 1, Integer::sum);
                ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                ex.sendResponseHeaders(200, ok.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(ok);
                }
                return;
            }
            if (denied.contains(operation)) {
                byte[] no = ("{\"__type\":\"AccessDeniedException\",\"message\":\"User: arn:aws:iam::123456789012:user/ci "
                        + "is not authorized to perform: ssm:" + operation + "\"}").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                ex.sendResponseHeaders(400, no.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(no);
                }
                return;
            }
            Armed a = armed.get();
            boolean hold = a != null && a.operation().equals(operation) && (a.after() == null || count(a.after()) > 0)
                    && armed.compareAndSet(a, null);
            if (hold && a.hold() == Hold.BEFORE_SENDING) {
                a.reached().countDown();
                awaitRelease();
                return;
            }
            HttpResponse<byte[]> r = forward(ex, body);
            operations.add(operation);
            counts.merge(operation, 1, Integer::sum);
            if (hold) {
                a.reached().countDown();
                awaitRelease();
                return;
            }
            Substitute sub = substitutes.get(operation);
            if (sub != null && r.statusCode() >= 400
                    && new String(r.body(), StandardCharsets.UTF_8).contains("<Code>" + sub.errorCode() + "</Code>")) {
                byte[] ok = sub.successBody().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/xml");
                ex.sendResponseHeaders(200, ok.length);
                try (OutputStream o = ex.getResponseBody()) {
                    o.write(ok);
                }
                return;
            }
            r.headers().map().forEach((k, v) -> {
                if (!RESTRICTED.contains(k.toLowerCase()) && !k.startsWith(":")) ex.getResponseHeaders().put(k, v);
            });
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitRelease() throws InterruptedException {
        // The caller is killed while its call hangs here; close() lets the thread go.
        released.await();
    }

    private HttpResponse<byte[]> forward(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
        URI target = upstream.resolve(ex.getRequestURI().toString());
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, values) -> {
            if (!RESTRICTED.contains(k.toLowerCase())) values.forEach(v -> b.header(k, v));
        });
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static String operation(HttpExchange ex, byte[] body) {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) return target.substring(target.lastIndexOf('.') + 1);
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.startsWith("Action=")) return URLDecoder.decode(pair.substring(7), StandardCharsets.UTF_8);
        }
        return ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
