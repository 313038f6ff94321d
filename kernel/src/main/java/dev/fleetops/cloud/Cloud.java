package dev.fleetops.cloud;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.util.Optional;

/**
 * The one currency of fleetops: SDK v2 async clients, one per service, plus the scheduler that gives them time.
 * Capabilities receive a Cloud and never know whether it is real AWS ({@link AwsCloud}) or the simulated region.
 * A client is obtained by its interface ({@link #client}); a cloud that has none for a service (the simulated region
 * models no CloudFormation, for example) answers with a {@link MissingClientException} that says so, never null.
 * Built with {@link #builder()}.
 */
public interface Cloud extends AutoCloseable {

    String region();

    String accountId();

    Scheduler scheduler();

    /** The client of {@code type}'s service, if this cloud has one. */
    <C extends SdkClient> Optional<C> find(Class<C> type);

    /** The client of {@code type}'s service; a {@link MissingClientException} naming the service when absent. */
    default <C extends SdkClient> C client(Class<C> type) {
        return find(type).orElseThrow(() -> new MissingClientException(type, this));
    }

    /**
     * This cloud with {@code client} in place of its {@code type} client (a test's or benchmark's wrapper around
     * one service); closing the copy closes nothing of the original.
     */
    <C extends SdkClient> Cloud withClient(Class<C> type, C client);

    /** A description for messages: "the simulated region", "AWS (eu-west-1)". */
    String describe();

    /**
     * Other accounts and regions through assumed roles: AWS's, or the simulation's Regions and accounts (its
     * scenario's {@code regions}); empty for a cloud that reaches none.
     */
    default Optional<Locations> locations() {
        return Optional.empty();
    }

    /**
     * This cloud on the wire, for a process outside this one (an aws:executeScript script): present on a simulated
     * region served to such processes ({@link WireAccess}), empty on AWS, where scripts reach AWS itself.
     */
    default Optional<WireAccess> wire() {
        return Optional.empty();
    }

    default Ec2AsyncClient ec2() {
        return client(Ec2AsyncClient.class);
    }

    default AutoScalingAsyncClient autoScaling() {
        return client(AutoScalingAsyncClient.class);
    }

    default ElasticLoadBalancingV2AsyncClient elbv2() {
        return client(ElasticLoadBalancingV2AsyncClient.class);
    }

    default SsmAsyncClient ssm() {
        return client(SsmAsyncClient.class);
    }

    default SqsAsyncClient sqs() {
        return client(SqsAsyncClient.class);
    }

    default EventBridgeAsyncClient eventBridge() {
        return client(EventBridgeAsyncClient.class);
    }

    default Route53AsyncClient route53() {
        return client(Route53AsyncClient.class);
    }

    /** Closes the clients (best effort: closing happens at shutdown). */
    @Override
    void close();

    static CloudBuilder builder() {
        return new CloudBuilder();
    }
}
