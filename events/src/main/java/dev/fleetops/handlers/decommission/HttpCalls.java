package dev.fleetops.handlers.decommission;

import dev.fleetops.events.spi.Recorder;
import dev.fleetops.handlers.AwsErrors;
import dev.fleetops.time.Scheduler;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * HTTP calls to systems outside AWS (Chef, Consul, webhooks), recorded like API calls (service, "METHOD path",
 * status as the error code when not 2xx). Answers come back on the scheduler's thread: on the simulator,
 * everything after them must run on the one virtual-time thread.
 */
final class HttpCalls {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final Recorder recorder;
    private final Scheduler scheduler;

    public HttpCalls(Recorder recorder, Scheduler scheduler) {
        this.recorder = recorder;
        this.scheduler = scheduler;
    }

    public CompletableFuture<HttpResponse<String>> send(String service, HttpRequest request, String... keyValues) {
        String op = request.method() + " " + request.uri().getRawPath();
        CompletableFuture<HttpResponse<String>> sent;
        try {
            sent = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((r, e) -> {
            if (e != null) recorder.failedCall(service, op, e.getClass().getSimpleName(), keyValues);
            else if (r.statusCode() / 100 == 2) recorder.call(service, op, keyValues);
            else recorder.failedCall(service, op, "HTTP " + r.statusCode(), keyValues);
        }).handleAsync((r, e) -> {
            // failures too must continue on the scheduler's thread, not the HTTP client's
            if (e != null) throw new CompletionException(AwsErrors.unwrap(e));
            return r;
        }, scheduler.executor());
    }

    static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(java.net.URI.create(url)).timeout(TIMEOUT);
    }
}
