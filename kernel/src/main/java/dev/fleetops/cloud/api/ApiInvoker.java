package dev.fleetops.cloud.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.json.SdkJson;
import software.amazon.awssdk.core.SdkPojo;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Calls any catalogued API by name, the way SSM's {@code aws:executeAwsApi} does: (service, operation, JSON input
 * with PascalCase members) -> the SDK request built through the model's field metadata -> the async client method
 * of the given {@link Cloud} -> the response as JSON with the API's member names. Works the same on real clients
 * and on the simulator's, since both implement the SDK interfaces.
 */
public final class ApiInvoker {

    private final ApiCatalog catalog;
    private final ReadCoalescer reads;

    public ApiInvoker(ApiCatalog catalog) {
        this(catalog, null);
    }

    private ApiInvoker(ApiCatalog catalog, ReadCoalescer reads) {
        this.catalog = catalog;
        this.reads = reads;
    }

    /** This invoker with concurrent reads of the same resources shared through {@code reads} ({@link ReadCoalescer}). */
    public ApiInvoker coalescing(ReadCoalescer reads) {
        return new ApiInvoker(catalog, java.util.Objects.requireNonNull(reads));
    }

    /** The shared reads' coalescer, when this invoker has one. */
    public java.util.Optional<ReadCoalescer> reads() {
        return java.util.Optional.ofNullable(reads);
    }

    public ApiCatalog catalog() {
        return catalog;
    }

    /**
     * Never throws: an unknown service, operation or member, or an input the model cannot take, completes the
     * stage exceptionally with an {@link ApiModelException}; API errors are the SDK's own exceptions.
     */
    public CompletionStage<JsonNode> invoke(Cloud cloud, String service, String operation, JsonNode input) {
        return invoke(cloud, service, operation, input, null);
    }

    /**
     * As above, on behalf of {@code reader} (an execution's step attempt): with a coalescer, its reads share calls
     * with other readers' and see its own writes ({@link ReadCoalescer}); null is a reader of its own.
     */
    public CompletionStage<JsonNode> invoke(Cloud cloud, String service, String operation, JsonNode input,
                                            ReadCoalescer.Reader reader) {
        if (reads != null) return reads.read(cloud, service, operation, input, reader, in -> call(cloud, service, operation, in));
        return call(cloud, service, operation, input);
    }

    private CompletionStage<JsonNode> call(Cloud cloud, String service, String operation, JsonNode input) {
        final Operation op;
        final Object request;
        final Object client;
        try {
            op = catalog.operation(service, operation);
            request = RequestMapper.request(op, input);
            client = catalog.requireService(service).client(cloud);
        } catch (ApiModelException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<?> call;
        try {
            call = (CompletableFuture<?>) op.method().invoke(client, request);
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (IllegalAccessException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("cannot call " + op, e));
        }
        return call.thenApply(response -> SdkJson.toJson((SdkPojo) response));
    }
}
