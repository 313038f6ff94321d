package dev.fleetops.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.util.Locale;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.fleetops.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One replica's endpoint ({@code --endpoint-url}): a loopback HTTP proxy to the SQS server that writes into the
 * {@link ChaosLedger} which events this replica received (ReceiveMessage answers) and which effects it sent
 * (SendMessage to the effects queue, counted once SQS accepted it, with the MessageId SQS answered). SQS speaks AWS JSON 1.0 to SDK v2 2.31: the
 * operation is the {@code X-Amz-Target} header. The tap outlives the replica's processes, so a restarted
 * replica writes under the same number. DynamoDB calls (the shared journal's, {@code --table}: their target starts
 * with {@code DynamoDB_}) go on to the DynamoDB server unrecorded, since one {@code --endpoint-url} serves both.
 */
final class ChaosTap implements AutoCloseable {

    static final String EVENT_PREFIX = "chaos-";
    private static final Pattern EVENT = Pattern.compile(EVENT_PREFIX + "(\\d+)");
    private static final Pattern EFFECT = Pattern.compile("\"MessageBody\"\\s*:\\s*\"" + EVENT_PREFIX + "(\\d+)\"");
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final int replica;
    private final URI upstream;
    private final URI dynamoDb;
    private final String effectsQueue;
    private final ChaosLedger ledger;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-tap");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads).build();

    ChaosTap(int replica, URI upstream, URI dynamoDb, String effectsQueue, ChaosLedger ledger) throws IOException {
        this.replica = replica;
        this.upstream = upstream;
        this.dynamoDb = dynamoDb;
        this.effectsQueue = effectsQueue;
        this.ledger = ledger;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String target = String.valueOf(ex.getRequestHeaders().getFirst("X-Amz-Target"));
            URI to = target.startsWith("DynamoDB_") ? dynamoDb : upstream;
            HttpRequest.Builder b = HttpRequest.newBuilder(to.resolve(ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, values) -> {
                if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) values.forEach(v -> b.header(k, v));
            });
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200 && to == upstream) record(target, new String(body, StandardCharsets.UTF_8), new String(r.body(), StandardCharsets.UTF_8));
            r.headers().map().forEach((k, v) -> {
                if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT)) && !k.startsWith(":")) ex.getResponseHeaders().put(k, v);
            });
            ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the replica was killed mid-call, or the server stopped: nothing to record
        }
    }

    private void record(String target, String request, String response) {
        String op = target.substring(target.lastIndexOf('.') + 1);
        try {
            switch (op) {
                case "ReceiveMessage" -> {
                    for (var m : Json.parse(response).path("Messages")) {
                        Matcher e = EVENT.matcher(m.path("Body").asText());
                        if (e.find()) ledger.received(replica, Integer.parseInt(e.group(1)), m.path("ReceiptHandle").asText());
                    }
                }
                // a message deleted, or given back to the queue (visibility changed), is no longer in this replica's hands
                case "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch" -> {
                    // ChaosCluster's replicas extend by the visibility (>= 10 s) and give back with 0 or the 1 s retry delay
                    var body = Json.parse(request);
                    List<com.fasterxml.jackson.databind.JsonNode> items = new java.util.ArrayList<>();
                    if (body.has("ReceiptHandle")) items.add(body);
                    body.path("Entries").forEach(items::add);
                    for (var i : items) {
                        boolean extended = op.startsWith("ChangeMessageVisibility") && i.path("VisibilityTimeout").asInt() > 1;
                        if (!extended) ledger.released(replica, i.path("ReceiptHandle").asText());
                    }
                }
                case "SendMessage" -> {
                    Matcher m = EFFECT.matcher(request);
                    // a repeat the FIFO queue deduplicated is answered with the first send's MessageId
                    if (request.contains(effectsQueue) && m.find()) {
                        ledger.effected(replica, Integer.parseInt(m.group(1)), Json.parse(response).path("MessageId").asText());
                    }
                }
                default -> { }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("unreadable SQS JSON through the tap", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
