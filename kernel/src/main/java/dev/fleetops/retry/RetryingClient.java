package dev.fleetops.retry;

import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The handler behind {@link Retrying#client}: each operation that takes one request and returns a
 * {@link CompletableFuture} runs under the retrier, as far as {@link RetrySafety} allows. The overloads the
 * interface implements by building that request (the {@code Consumer<Builder>} and no-argument forms, paginators)
 * run on the proxy, so their calls retry too; anything else ({@code waiter()}, {@code close()}...) goes straight to
 * the client.
 */
final class RetryingClient<C extends SdkClient> implements InvocationHandler {

    private final Class<C> type;
    private final C client;
    private final CallRetries retries;
    private final RandomGenerator random;

    private RetryingClient(Class<C> type, C client, CallRetries retries, RandomGenerator random) {
        this.type = type;
        this.client = client;
        this.retries = retries;
        this.random = random;
    }

    static <C extends SdkClient> C wrap(Class<C> type, C client, RetryPolicy policy,
                                        dev.fleetops.time.Scheduler scheduler, RandomGenerator random) {
        var handler = new RetryingClient<>(type, client, new CallRetries(policy, scheduler, random), random);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) return objectMethod(proxy, method, args);
        boolean future = method.getReturnType() == CompletableFuture.class;
        if (future && args != null && args.length == 1 && args[0] instanceof SdkRequest request) {
            return retried(method, request);
        }
        // The overloads build the request and call the form above, on the proxy, so they retry too
        if (method.isDefault() && (future || method.getName().endsWith("Paginator"))) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        return direct(method, args);
    }

    private CompletableFuture<Object> retried(Method method, SdkRequest request) {
        String name = request.getClass().getSimpleName();
        String operation = name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name;
        SdkRequest sent = RetrySafety.withToken(request, random);
        return retries.call(type, operation, request, client.serviceName() + " " + operation, () -> attempt(method, sent));
    }

    @SuppressWarnings("unchecked")
    private CompletableFuture<Object> attempt(Method method, SdkRequest request) {
        try {
            return (CompletableFuture<Object>) method.invoke(client, request);
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object direct(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(client, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private Object objectMethod(Object proxy, Method method, Object[] args) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            default -> "Retrying[" + client + "]";
        };
    }
}
