package dev.fleetops.sim.wire;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a real SDK v2 client puts on the wire for a request, marshalled by the SDK's own protocol marshaller and
 * caught before it is sent (an interceptor ends the call there): the codecs' tests decode it and compare the result
 * with the request the test started from.
 */
final class Captured {

    private static final class Sent extends RuntimeException {
        final WireRequest request;

        Sent(WireRequest request) {
            super("captured", null, false, false);
            this.request = request;
        }
    }

    private Captured() { }

    private static byte[] read(ContentStreamProvider p) {
        try (InputStream in = p.newStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The request {@code call} makes on a client from {@code builder}, as the server would read it. */
    static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C extends AutoCloseable> WireRequest of(
            B builder, Consumer<C> call) {
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                SdkHttpRequest h = context.httpRequest();
                Map<String, String> headers = new LinkedHashMap<>();
                h.headers().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                byte[] body = context.requestBody().map(b -> read(b.contentStreamProvider())).orElse(new byte[0]);
                if (body.length == 0 && h instanceof SdkHttpFullRequest full && full.contentStreamProvider().isPresent()) {
                    body = read(full.contentStreamProvider().get());
                }
                throw new Sent(new WireRequest(h.method().name(), h.encodedPath(), h.encodedQueryParameters().orElse(null),
                        headers, body));
            }
        };
        builder.region(Region.US_EAST_1).endpointOverride(URI.create("http://127.0.0.1:9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(capture));
        try (C client = builder.build()) {
            call.accept(client);
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof Sent s) return s.request;
            }
            throw new AssertionError("the call was not captured", e);
        }
        throw new AssertionError("the call was not captured: it returned");
    }
}
