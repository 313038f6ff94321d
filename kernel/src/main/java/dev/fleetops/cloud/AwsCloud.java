package dev.fleetops.cloud;

import dev.fleetops.time.RealScheduler;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Cloud} of real SDK v2 async clients sharing one HTTP client and one real-time scheduler. */
public final class AwsCloud {

    /** moto and other emulators answer any account; AWS's own is looked up lazily by callers that need it. */
    public static final String UNKNOWN_ACCOUNT = "123456789012";

    private AwsCloud() { }

    public static Cloud create(AwsSettings settings) {
        Region region = settings.region().map(Region::of).orElseGet(AwsCloud::defaultRegion);
        AwsCredentialsProvider credentials = settings.profile()
                .<AwsCredentialsProvider>map(p -> ProfileCredentialsProvider.builder().profileName(p).build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().maxConcurrency(200).build();
        RealScheduler scheduler = new RealScheduler();
        List<AutoCloseable> closeables = new ArrayList<>();

        class Configurer {
            <B extends AwsAsyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C extends AutoCloseable> C build(B builder) {
                builder.region(region).credentialsProvider(credentials).httpClient(http);
                settings.endpoint().ifPresent(builder::endpointOverride);
                if (!settings.retries()) {
                    builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
                }
                C client = builder.build();
                closeables.add(client);
                return client;
            }
        }
        Configurer c = new Configurer();
        Ec2AsyncClient ec2 = c.build(Ec2AsyncClient.builder());
        AutoScalingAsyncClient asg = c.build(AutoScalingAsyncClient.builder());
        ElasticLoadBalancingV2AsyncClient elb = c.build(ElasticLoadBalancingV2AsyncClient.builder());
        SsmAsyncClient ssm = c.build(SsmAsyncClient.builder());
        SqsAsyncClient sqs = c.build(SqsAsyncClient.builder());
        EventBridgeAsyncClient events = c.build(EventBridgeAsyncClient.builder());
        // Route 53 is a global service: its endpoint lives in aws-global unless overridden.
        Route53AsyncClient route53 = c.build(Route53AsyncClient.builder());
        CloudFormationAsyncClient cloudFormation = c.build(CloudFormationAsyncClient.builder());
        LambdaAsyncClient lambda = c.build(LambdaAsyncClient.builder());
        AutoCloseable all = () -> {
            for (AutoCloseable a : closeables) a.close();
            http.close();
            scheduler.close();
        };
        return new Cloud(region.id(), UNKNOWN_ACCOUNT, scheduler, ec2, asg, elb, ssm, sqs, events, route53,
                cloudFormation, lambda, all);
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }
}
