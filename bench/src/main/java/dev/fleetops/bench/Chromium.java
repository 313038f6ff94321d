package dev.fleetops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol (a WebSocket, JSON commands: Page.navigate,
 * Runtime.evaluate) with the JDK's own WebSocket client: the benchmark needs a real browser's load of the page,
 * and no WebDriver library in the jar. One page, a throw-away profile, debugging on a loopback port Chromium picks.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts it; a missing binary is said plainly (the benchmark cannot run without it). */
    static Chromium start() throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: bench ui loads the page in headless Chromium"
                    + " (apt-get install chromium)");
        }
        Path profile = Files.createTempDirectory("fleetops-bench-chromium");
        Process p = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "--window-size=1200,1600", "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String browserWs = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; browserWs == null && (line = err.readLine()) != null; ) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) browserWs = m.group(1);
        }
        if (browserWs == null) {
            p.destroyForcibly();
            throw new IllegalStateException("headless Chromium did not start (no DevTools endpoint on its stderr)");
        }
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr"); // a full pipe would stall it
        drain.setDaemon(true);
        drain.start();
        URI http = URI.create(browserWs.replaceFirst("^ws://([^/]+)/.*$", "http://$1/"));
        JsonNode targets = Json.parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.resolve("/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String pageWs = null;
        for (JsonNode t : targets) if ("page".equals(t.path("type").asText())) pageWs = t.path("webSocketDebuggerUrl").asText();
        if (pageWs == null) throw new IllegalStateException("headless Chromium has no page to drive");
        Chromium[] self = new Chromium[1];
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(pageWs), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    self[0].answer(message);
                }
                w.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        self[0] = new Chromium(p, profile, ws);
        return self[0];
    }

    private void answer(String message) {
        try {
            JsonNode m = Json.parse(message);
            if (!m.has("id")) return; // an event: none subscribed
            CompletableFuture<JsonNode> f = pending.remove(m.path("id").asInt());
            if (f == null) return;
            if (m.has("error")) f.completeExceptionally(new IllegalStateException("Chromium: " + m.path("error")));
            else f.complete(m.path("result"));
        } catch (IOException e) {
            // not JSON: not an answer
        }
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode command = Json.object().put("id", id).put("method", method);
        command.set("params", params);
        socket.sendText(Json.compact(command), true).get(30, TimeUnit.SECONDS);
        return f.get(60, TimeUnit.SECONDS);
    }

    /** Opens {@code url} in the page (returns once the navigation is committed, not loaded). */
    void navigate(String url) throws Exception {
        call("Page.navigate", Json.object().put("url", url));
    }

    /** The value of a JavaScript expression in the page (numbers, strings, booleans; null when undefined). */
    JsonNode evaluate(String expression) throws Exception {
        return call("Runtime.evaluate", Json.object().put("expression", expression).put("returnByValue", true))
                .path("result").path("value");
    }

    /**
     * Evaluates {@code expression} until it is truthy, at most {@code seconds} of wall time (a browser is real:
     * this polls it, every 5 ms, and the measurement is taken inside the page, not from this loop).
     */
    JsonNode until(String expression, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            JsonNode v = evaluate(expression);
            if (!v.isMissingNode() && !v.isNull() && !(v.isBoolean() && !v.asBoolean()) && !(v.isNumber() && v.asDouble() == 0)) return v;
            TimeUnit.MILLISECONDS.sleep(5);
        }
        throw new IllegalStateException("the page did not reach '" + expression + "' within " + seconds + " s");
    }

    @Override
    public void close() {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary profile left behind: harmless
        }
    }
}
