package dev.fleetops.cloud.api;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@link DryRun#of}: each client is a proxy of its SDK interface. A call with a request object is an operation
 * (the request class names it: DetachInstancesRequest); the builder-consumer overloads are the interface's default
 * methods, run on the proxy so that they arrive here with their request built.
 */
final class DryRunCloud implements Cloud {

    private final Cloud cloud;
    private final Consumer<DryRun.Call> sink;
    private final Map<Class<?>, Object> proxies = new ConcurrentHashMap<>();

    DryRunCloud(Cloud cloud, Consumer<DryRun.Call> sink) {
        this.cloud = cloud;
        this.sink = sink;
    }

    @Override
    public String region() {
        return cloud.region();
    }

    @Override
    public String accountId() {
        return cloud.accountId();
    }

    @Override
    public Scheduler scheduler() {
        return cloud.scheduler();
    }

    @Override
    public <C extends SdkClient> Optional<C> find(Class<C> type) {
        return cloud.find(type).map(c -> type.cast(proxies.computeIfAbsent(type, t -> proxy(type, c))));
    }

    @Override
    public <C extends SdkClient> Cloud withClient(Class<C> type, C client) {
        return new DryRunCloud(cloud.withClient(type, client), sink);
    }

    @Override
    public String describe() {
        return cloud.describe() + " (dry run)";
    }

    @Override
    public void close() {
        cloud.close();
    }

    private <C> Object proxy(Class<C> type, C client) {
        InvocationHandler h = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) return method.invoke(client, args);
            boolean request = args != null && args.length >= 1 && args[0] instanceof SdkRequest;
            String op = request ? operation((SdkRequest) args[0]) : "";
            if (request && !Operation.readOnly(op) && CompletableFuture.class.isAssignableFrom(method.getReturnType())) {
                sink.accept(new DryRun.Call(serviceName(client), op, args[0].toString()));
                return CompletableFuture.completedFuture(emptyResponse(method));
            }
            boolean mutatingOverload = !request && method.isDefault() && !Operation.readOnly(capitalized(method.getName()))
                    && CompletableFuture.class.isAssignableFrom(method.getReturnType());
            if (mutatingOverload) return InvocationHandler.invokeDefault(proxy, method, args); // comes back with its request
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }

    private static String operation(SdkRequest r) {
        String n = r.getClass().getSimpleName();
        return n.endsWith("Request") ? n.substring(0, n.length() - "Request".length()) : n;
    }

    private static String capitalized(String method) {
        return method.isEmpty() ? method : Character.toUpperCase(method.charAt(0)) + method.substring(1);
    }

    private static String serviceName(Object client) {
        return client instanceof SdkClient c ? c.serviceName() : "?";
    }

    /** {@code XResponse.builder().build()} for a method returning {@code CompletableFuture<XResponse>}. */
    private static Object emptyResponse(Method method) {
        Type t = method.getGenericReturnType();
        if (!(t instanceof ParameterizedType p) || !(p.getActualTypeArguments()[0] instanceof Class<?> c)) return null;
        try {
            Method builder = c.getMethod("builder"); // its return type is the public Builder interface
            return builder.getReturnType().getMethod("build").invoke(builder.invoke(null));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
