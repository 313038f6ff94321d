package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.Operation;
import software.amazon.awssdk.core.SdkPojo;

import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An AWS request to its answer: the service by the SigV4 credential scope ({@code Credential=AKID/date/region/
 * ec2/aws4_request}; any signature is accepted), the operation by {@code Action} or {@code X-Amz-Target}, the
 * request decoded by the service's protocol into the SDK request, the simulated client's method called on the
 * simulator's thread, the answer encoded back on the calling thread. Nothing of a request is per-operation code.
 */
final class Dispatcher {

    private final WireServices services;
    private final SimDriver driver;
    private final Map<Class<?>, Method> builders = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Optional<Signatures> signatures;

    Dispatcher(WireServices services, SimDriver driver, Optional<Signatures> signatures) {
        this.services = services;
        this.driver = driver;
        this.signatures = signatures;
    }

    /**
     * The answer to {@code r}: routed and decoded on the calling thread, run on the simulator's thread, and encoded
     * back on the calling thread once the simulator has answered (the caller waits for it anyway: handing the
     * encoding to another pool would cost each request one more thread switch, on a busy machine its longest wait).
     */
    Answer answer(WireRequest r) throws InterruptedException {
        String requestId = requestId(requests.incrementAndGet());
        String scope = signingName(r);
        Optional<WireService> found = scope == null ? services.byTarget(r.header("x-amz-target")) : services.bySigningName(scope);
        if (found.isEmpty()) {
            String why = scope == null ? "The request is not signed (no SigV4 Authorization header naming a service)"
                    : "The simulated region has no service " + scope + " on the wire";
            return unroutable(scope == null, why, requestId);
        }
        WireService service = found.get();
        WireProtocol protocol = service.protocolOf(r);
        if (scope == null) {
            return protocol.error(new Failure("MissingAuthenticationToken", "Request is missing Authentication Token", 403, true),
                    requestId);
        }
        Optional<Failure> refused = signatures.flatMap(s -> s.check(r, protocol instanceof JsonProtocol));
        if (refused.isPresent()) return protocol.error(refused.get(), requestId);
        final String name;
        final Operation op;
        final Object request;
        try {
            name = protocol.operation(r);
            if (name == null || name.isEmpty()) {
                throw new BadRequest(protocol.missingOperationCode(), "The request names no operation (Action or X-Amz-Target)");
            }
            op = service.api().operation(name).filter(o -> o.name().equalsIgnoreCase(name)).orElseThrow(() -> new BadRequest(
                    protocol.unknownOperationCode(), "The action " + name + " is not valid for this web service."));
            request = protocol.decode(r, newBuilder(op.requestClass()));
            Optional<String> missing = RequiredMembers.missing(service.signingName(), op.name(), (SdkPojo) request,
                    protocol instanceof QueryProtocol);
            if (missing.isPresent()) throw protocol.missingMember(missing.get());
        } catch (BadRequest e) {
            return protocol.error(Failure.of(e, protocol.unknownOperationCode()), requestId);
        }
        Object response;
        try {
            response = driver.call(() -> invoke(op, service.client(), request)).get();
        } catch (ExecutionException e) {
            return protocol.error(Failure.of(e.getCause(), protocol.unknownOperationCode()), requestId);
        }
        return protocol.answer(name, (SdkPojo) response, requestId);
    }

    /**
     * A request whose body is over the server's limit, not decoded: 413 in the routed service's own error shape
     * (the query shape when no service is named), as AWS answers a payload over a service's request size limit.
     */
    Answer tooLarge(WireRequest r, int max) {
        String requestId = requestId(requests.incrementAndGet());
        String scope = signingName(r);
        Optional<WireService> found = scope == null ? services.byTarget(r.header("x-amz-target")) : services.bySigningName(scope);
        WireProtocol protocol = found.map(s -> s.protocolOf(r)).orElseGet(() -> new QueryProtocol("", false));
        return protocol.error(new Failure("RequestEntityTooLarge", "Request body is larger than " + max + " bytes", 413, true),
                requestId);
    }

    private static CompletableFuture<?> invoke(Operation op, Object client, Object request) {
        try {
            return (CompletableFuture<?>) op.method().invoke(client, request);
        } catch (ReflectiveOperationException e) {
            return CompletableFuture.failedFuture(e); // Failure unwraps InvocationTargetException
        }
    }

    private SdkPojo newBuilder(Class<?> requestClass) {
        Method m = builders.computeIfAbsent(requestClass, c -> {
            try {
                return c.getMethod("builder");
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("SDK request without builder(): " + c.getName(), e);
            }
        });
        try {
            return (SdkPojo) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a " + requestClass.getSimpleName(), e);
        }
    }

    /** The service of the SigV4 credential scope, from the Authorization header or a presigned URL's X-Amz-Credential. */
    static String signingName(WireRequest r) {
        String auth = r.header("authorization");
        String credential = null;
        if (auth != null) {
            int at = auth.indexOf("Credential=");
            if (at >= 0) {
                int end = auth.indexOf(',', at);
                credential = auth.substring(at + "Credential=".length(), end < 0 ? auth.length() : end).trim();
            }
        }
        if (credential == null) {
            try {
                credential = r.param("X-Amz-Credential");
            } catch (BadRequest e) {
                return null; // a query string that does not parse signs nothing: answered as unsigned
            }
        }
        if (credential == null) return null;
        String[] parts = credential.split("/");
        return parts.length >= 5 ? parts[3].toLowerCase(Locale.ROOT) : null;
    }

    private static Answer unroutable(boolean unsigned, String why, String requestId) {
        return new QueryProtocol("", false).error(new Failure(unsigned ? "MissingAuthenticationToken" : "InvalidAction",
                why, unsigned ? 403 : 400, true), requestId);
    }

    /** Request ids in AWS's UUID form, numbered, so runs with the same requests give the same ids. */
    static String requestId(long n) {
        String hex = Long.toHexString(n); // %012x, without a Formatter per request
        return "00000000-0000-4000-8000-" + "000000000000".substring(Math.min(12, hex.length())) + hex;
    }
}
