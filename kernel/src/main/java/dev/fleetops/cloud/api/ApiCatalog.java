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

    /** SSM service names are case-insensitive in practice ({@code EC2}, {@code ec2}); boto3 lower-cases them. */
    public Optional<ServiceApi> service(String name) {
        return Optional.ofNullable(services.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public ServiceApi requireService(String name) {
        return service(name).orElseThrow(() -> new ApiModelException("", "service " + name
                + " is not in the API catalog (known: " + String.join(", ", services.keySet()) + ")"));
    }

    /** The operation {@code operation} of {@code service}, or an error naming what is wrong. */
    public Operation operation(String service, String operation) {
        return requireService(service).require(operation);
    }
}
