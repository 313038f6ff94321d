package dev.fleetops.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One request exactly as a real SDK v2 client puts it on the wire to one endpoint, marshalled and SigV4-signed by
 * the SDK and caught before it is sent (an interceptor ends the call there), kept as the HTTP/1.1 bytes
 * {@link WireConnection} replays. The load generator sends these instead of calling the SDK per request: on a
 * 2-core machine the SDK's own marshalling, signing and above all unmarshalling (about 24 ms of CPU per
 * 100-instance DescribeInstances answer, measured by this bench) would be the bottleneck, not the servers. Both
 * servers accept a signature replayed (neither checks its age), as AWS would not after its 5-minute window.
 */
record SignedRequest(String name, byte[] bytes) {

    /** Headers the replay sets itself (one request after another on a kept-alive connection). */
    private static final Set<String> DROPPED = Set.of("content-length", "transfer-encoding", "expect", "connection");

    private static final class Sent extends RuntimeException {
        final transient byte[] bytes;

        Sent(byte[] bytes) {
            super("captured", null, false, false);
            this.bytes = bytes;
        }
    }

    /** The request {@code call} makes on a client from {@code builder} pointed at {@code endpoint}. */
    static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C extends AutoCloseable> SignedRequest of(
            String name, URI endpoint, B builder, Consumer<C> call) {
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                SdkHttpRequest h = context.httpRequest();
                byte[] body = context.requestBody().map(b -> read(b.contentStreamProvider())).orElse(new byte[0]);
                if (body.length == 0 && h instanceof SdkHttpFullRequest full && full.contentStreamProvider().isPresent()) {
                    body = read(full.contentStreamProvider().get());
                }
                throw new Sent(http(h, body));
            }
        };
        builder.region(Region.US_EAST_1).endpointOverride(endpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(capture));
        try (C client = builder.build()) {
            call.accept(client);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Sent s) return new SignedRequest(name, s.bytes);
            }
            throw new IllegalStateException("the SDK did not send " + name, e);
        }
        throw new IllegalStateException("the SDK did not send " + name + ": the call returned");
    }

    private static byte[] http(SdkHttpRequest h, byte[] body) {
        StringBuilder head = new StringBuilder();
        String query = h.encodedQueryParameters().map(q -> "?" + q).orElse("");
        head.append(h.method().name()).append(' ').append(h.encodedPath().isEmpty() ? "/" : h.encodedPath()).append(query)
                .append(" HTTP/1.1\r\n");
        boolean host = false;
        for (var e : h.headers().entrySet()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            if (DROPPED.contains(k)) continue;
            host |= k.equals("host");
            for (String v : e.getValue()) head.append(e.getKey()).append(": ").append(v).append("\r\n");
        }
        if (!host) {
            int port = h.port();
            head.append("Host: ").append(h.host()).append(port > 0 ? ":" + port : "").append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] read(ContentStreamProvider p) {
        try (InputStream in = p.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
