package dev.fleetops.handlers.decommission;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A webhook endpoint that checks the HMAC signature and keeps what it received. */
final class WebhookReceiver implements AutoCloseable {

    record Received(String body, String eventId, boolean signatureValid) { }

    final List<Received> received = new ArrayList<>();
    volatile int status = 204;
    private final HttpServer server;

    WebhookReceiver(byte[] secret) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            String sig = x.getRequestHeaders().getFirst(WebhookCleanup.SIGNATURE_HEADER);
            synchronized (received) {
                received.add(new Received(new String(body, StandardCharsets.UTF_8),
                        x.getRequestHeaders().getFirst("X-Fleetops-Event-Id"),
                        ("sha256=" + WebhookCleanup.sign(secret, body)).equals(sig)));
            }
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
