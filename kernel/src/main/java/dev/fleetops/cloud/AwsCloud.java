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

        class Configurer {
            <B extends AwsAsyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder) {
                builder.region(region).credentialsProvider(credentials).httpClient(http);
                settings.endpoint().ifPresent(builder::endpointOverride);
                if (!settings.retries()) {
                    builder.overrideConfiguration(ClientOverrideConfiguration.builder()
                            .retryStrategy(AwsRetryStrategy.doNotRetry()).build());
                }
                return builder.build();
            }
        }
        Configurer c = new Configurer();
        // Clients are built on first use: a command that calls two services does not build ten.
        return Cloud.builder().region(region.id()).accountId(UNKNOWN_ACCOUNT).scheduler(scheduler)
                .description("AWS (" + region.id() + settings.endpoint().map(e -> ", endpoint " + e).orElse("") + ")")
                .lazyClient(Ec2AsyncClient.class, () -> c.build(Ec2AsyncClient.builder()))
                .lazyClient(AutoScalingAsyncClient.class, () -> c.build(AutoScalingAsyncClient.builder()))
                .lazyClient(ElasticLoadBalancingV2AsyncClient.class,
                        () -> c.build(ElasticLoadBalancingV2AsyncClient.builder()))
                .lazyClient(SsmAsyncClient.class, () -> c.build(SsmAsyncClient.builder()))
                .lazyClient(SqsAsyncClient.class, () -> c.build(SqsAsyncClient.builder()))
                .lazyClient(EventBridgeAsyncClient.class, () -> c.build(EventBridgeAsyncClient.builder()))
                // Route 53 is a global service: its endpoint lives in aws-global unless overridden.
                .lazyClient(Route53AsyncClient.class, () -> c.build(Route53AsyncClient.builder()))
                .lazyClient(CloudFormationAsyncClient.class, () -> c.build(CloudFormationAsyncClient.builder()))
                .lazyClient(LambdaAsyncClient.class, () -> c.build(LambdaAsyncClient.builder()))
                .onClose(() -> {
                    http.close();
                    scheduler.close();
                })
                .build();
    }

    private static Region defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            return Region.US_EAST_1;
        }
    }
}
