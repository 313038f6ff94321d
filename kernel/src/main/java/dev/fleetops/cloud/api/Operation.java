package dev.fleetops.cloud.api;

import software.amazon.awssdk.core.SdkPojo;

import java.lang.reflect.Method;

/**
 * One API operation of a service: its PascalCase name ({@code DescribeTargetHealth}), the async client method
 * that calls it, and its request and response structures.
 */
public record Operation(String service, String name, Method method, Class<?> requestClass, Class<?> responseClass) {

    /**
     * The one rule of what repeats harmlessly: an operation whose name starts with Describe, Get or List reads
     * (the AWS API's naming convention); anything else may change something.
     */
    public static boolean readOnly(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("Get") || operation.startsWith("List");
    }

    public Shape input() {
        return Shape.of(() -> (SdkPojo) newRequestBuilder());
    }

    public Shape output() {
        return Shape.of(() -> (SdkPojo) newBuilder(responseClass));
    }

    Object newRequestBuilder() {
        return newBuilder(requestClass);
    }

    private static Object newBuilder(Class<?> c) {
        try {
            return c.getMethod("builder").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SDK class without builder(): " + c.getName(), e);
        }
    }

    @Override
    public String toString() {
        return service + " " + name;
    }
}
