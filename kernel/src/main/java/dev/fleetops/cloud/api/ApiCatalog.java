package dev.fleetops.cloud.api;

import dev.fleetops.cloud.Cloud;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services fleetops can call by name, keyed as SSM documents name them (boto3 client names: {@code ec2},
 * {@code elbv2}, {@code autoscaling}, ...). Each maps to an SDK v2 async client interface and to the way a
 * {@link Cloud} provides that client. Immutable; {@link #with} returns an extended catalog.
 *
 * <p>Besides the services every module carries, the catalog knows the services AWS's own Automation documents call
 * ({@link OptionalServices}): each is in the catalog when its SDK module is on the classpath (the command line
 * carries them, the Lambda functions do not), looked up by class name on first use, so that neither start-up nor a
 * module that does not carry them pays for them.
 */
public final class ApiCatalog {

    private static final ApiCatalog STANDARD = new ApiCatalog(Map.of())
            .with("ec2", Ec2AsyncClient.class)
            .with("elbv2", ElasticLoadBalancingV2AsyncClient.class)
            .with("autoscaling", AutoScalingAsyncClient.class)
            .with("ssm", SsmAsyncClient.class)
            .with("sqs", SqsAsyncClient.class)
            .with("events", EventBridgeAsyncClient.class)
            .with("route53", Route53AsyncClient.class)
            // called by aws:createStack/deleteStack and aws:invokeLambdaFunction; AWS only (the simulator has none)
            .with("cloudformation", CloudFormationAsyncClient.class)
            .with("lambda", LambdaAsyncClient.class);

    private final Map<String, ServiceApi> services;

    private ApiCatalog(Map<String, ServiceApi> services) {
        this.services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
    }

    /** The services every {@link Cloud} carries a client for. */
    public static ApiCatalog standard() {
        return STANDARD;
    }

    /** This catalog plus {@code name} -> {@code clientInterface}, whose client a cloud gives by that interface. */
    public <C extends SdkClient> ApiCatalog with(String name, Class<C> clientInterface) {
        Map<String, ServiceApi> m = new LinkedHashMap<>(services);
        m.put(name, new ServiceApi(name, clientInterface, cloud -> cloud.client(clientInterface)));
        return new ApiCatalog(m);
    }

    public Set<String> serviceNames() {
        return services.keySet();
    }

    /**
     * SSM service names are case-insensitive in practice ({@code EC2}, {@code ec2}); boto3 lower-cases them. A
     * service of {@link OptionalServices} is found when its SDK module is on the classpath.
     */
    public Optional<ServiceApi> service(String name) {
        String key = name.toLowerCase(java.util.Locale.ROOT);
        ServiceApi own = services.get(key);
        return own != null ? Optional.of(own) : OptionalServices.service(key);
    }

    /** The services this catalog carries and, after them, the optional ones whose SDK module is present. */
    public Set<String> availableServiceNames() {
        Set<String> all = new java.util.LinkedHashSet<>(services.keySet());
        all.addAll(OptionalServices.available());
        return all;
    }

    public ServiceApi requireService(String name) {
        return service(name).orElseThrow(() -> new ApiModelException("", OptionalServices.module(name)
                .map(m -> "service " + name + " needs the SDK module " + m + " on the classpath (fleetops.jar carries it)")
                .orElse("service " + name + " is not in the API catalog (known: " + String.join(", ", availableServiceNames()) + ")")));
    }

    /** The operation {@code operation} of {@code service}, or an error naming what is wrong. */
    public Operation operation(String service, String operation) {
        return requireService(service).require(operation);
    }
}
