package dev.fleetops.cloud;

import dev.fleetops.time.Scheduler;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

/**
 * The one currency of fleetops: the SDK v2 async clients, plus the scheduler that gives them time. Core code
 * receives a Cloud and never knows whether it is real AWS ({@link AwsCloud}) or the simulated region.
 * {@code cloudFormation} and {@code lambda} are only called by runbook actions that run on AWS; the simulated
 * region has none (null).
 */
public record Cloud(
        String region,
        String accountId,
        Scheduler scheduler,
        Ec2AsyncClient ec2,
        AutoScalingAsyncClient autoScaling,
        ElasticLoadBalancingV2AsyncClient elbv2,
        SsmAsyncClient ssm,
        SqsAsyncClient sqs,
        EventBridgeAsyncClient eventBridge,
        Route53AsyncClient route53,
        CloudFormationAsyncClient cloudFormation,
        LambdaAsyncClient lambda,
        AutoCloseable resources) implements AutoCloseable {

    /** A cloud without CloudFormation and Lambda clients (the simulated region). */
    public Cloud(String region, String accountId, Scheduler scheduler, Ec2AsyncClient ec2,
                 AutoScalingAsyncClient autoScaling, ElasticLoadBalancingV2AsyncClient elbv2, SsmAsyncClient ssm,
                 SqsAsyncClient sqs, EventBridgeAsyncClient eventBridge, Route53AsyncClient route53,
                 AutoCloseable resources) {
        this(region, accountId, scheduler, ec2, autoScaling, elbv2, ssm, sqs, eventBridge, route53, null, null,
                resources);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            // closing clients is best effort at shutdown
        }
    }
}
