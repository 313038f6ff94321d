package dev.fleetops.cloud.api;

import dev.fleetops.source.Suggest;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.MissingClientException;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsResponse;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A service as SSM names it ({@code elbv2}) bound to its SDK v2 async client interface. Operations are found by
 * reflection: every method taking a single {@code XxxRequest} and returning {@code CompletableFuture<XxxResponse>}
 * is operation {@code Xxx}. Streaming and paginator variants take other parameter types and are left out, as SSM
 * does not support streaming operations either.
 */
public final class ServiceApi {

    private final String name;
    private final Class<?> clientInterface;
    private final Function<Cloud, ?> client;
    private volatile Map<String, Operation> operations;
    private volatile Map<String, Operation> lowerCase;

    ServiceApi(String name, Class<?> clientInterface, Function<Cloud, ?> client) {
        this.name = name;
        this.clientInterface = clientInterface;
        this.client = client;
    }

    public String name() {
        return name;
    }

    public Class<?> clientInterface() {
        return clientInterface;
    }

    /** The client of this service in {@code cloud}. */
    public Object client(Cloud cloud) {
        try {
            return client.apply(cloud);
        } catch (MissingClientException e) {
            throw new ApiModelException("", e.getMessage());
        }
    }

    /** Operation name -> operation, sorted by name. */
    public Map<String, Operation> operations() {
        Map<String, Operation> ops = operations;
        if (ops == null) {
            ops = Collections.unmodifiableMap(scan());
            operations = ops;
        }
        return ops;
    }

    /**
     * The operation by its API name ({@code DescribeInstances}), or as SSM also accepts it (AWS-owned documents use
     * both): the boto3 method name ({@code describe_instances}) or camelCase ({@code describeInstances}).
     */
    public Optional<Operation> operation(String operationName) {
        Operation op = operations().get(operationName);
        if (op == null && !operationName.isEmpty()) op = operations().get(pascal(operationName));
        if (op == null && !operationName.isEmpty()) op = ignoringCase().get(pascal(operationName).toLowerCase(java.util.Locale.ROOT));
        return Optional.ofNullable(op);
    }

    /**
     * The SDK's Java names fold acronyms ({@code DescribeDbInstancesRequest}) where the API keeps them
     * ({@code DescribeDBInstances}, as documents write it): no two operations of a service differ only in case.
     */
    private Map<String, Operation> ignoringCase() {
        Map<String, Operation> m = lowerCase;
        if (m == null) {
            m = new java.util.HashMap<>();
            for (Operation op : operations().values()) m.put(op.name().toLowerCase(java.util.Locale.ROOT), op);
            lowerCase = m;
        }
        return m;
    }

    private static String pascal(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    /** The operation, or an error naming the closest real one. */
    public Operation require(String operationName) {
        return operation(operationName).orElseThrow(() -> new ApiModelException("",
                name + " has no operation " + operationName + Suggest.didYouMean(operationName, operations().keySet())));
    }

    private Map<String, Operation> scan() {
        Map<String, Operation> ops = new TreeMap<>();
        for (Method m : clientInterface.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 1) continue;
            Class<?> req = m.getParameterTypes()[0];
            if (!AwsRequest.class.isAssignableFrom(req) || !req.getSimpleName().endsWith("Request")) continue;
            if (m.getReturnType() != CompletableFuture.class) continue;
            Class<?> resp = futureOf(m.getGenericReturnType());
            if (resp == null || !AwsResponse.class.isAssignableFrom(resp)) continue;
            String op = req.getSimpleName().substring(0, req.getSimpleName().length() - "Request".length());
            ops.put(op, new Operation(name, op, m, req, resp));
        }
        return ops;
    }

    private static Class<?> futureOf(Type t) {
        if (t instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) return c;
        return null;
    }
}
