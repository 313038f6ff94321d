package dev.fleetops.cloud;

import dev.fleetops.time.RealScheduler;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.awscore.client.builder.AwsAsyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.lambda.LambdaAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Builds a {@link Cloud} of real SDK v2 async clients sharing one HTTP client and one real-time scheduler. */
public final class AwsCloud {

    /** moto and other emulators answer any account; AWS's own is looked up lazily by callers that need it. */
    public static final String UNKNOWN_ACCOUNT = "123456789012";

    private AwsCloud() { }

    public static Cloud create(AwsSettings settings) {
        return create(settings, System::getenv);
    }

    /**
     * Resolves region, endpoint and credentials from {@code settings}, then the environment ({@code env}), then the
     * profile (see {@link AwsProfile}); fails with {@link CloudSetupException} before any client exists when one
     * is missing.
     */
    static Cloud create(AwsSettings settings, UnaryOperator<String> env) {
        AwsProfile profile = AwsProfile.load(settings.profile(), env);
        Region region = profile.region(settings.region());
        Optional<URI> endpoint = profile.endpoint(settings.endpoint());
        AwsCredentialsProvider credentials = profile.credentials();
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().maxConcurrency(200).build();
        RealScheduler scheduler = new RealScheduler();
        String description = "AWS (" + region.id() + (profile.name().equals("default") ? "" : ", profile " + profile.name())
                + endpoint.map(e -> ", endpoint " + e).orElse("") + ")";
        return cloud(settings, profile, region, credentials, http, scheduler, UNKNOWN_ACCOUNT, description, () -> {
            http.close();
            scheduler.close();
        });
    }

    /**
     * A cloud of clients in {@code region} with {@code credentials}, over the shared HTTP client and scheduler; it
     * reaches other accounts and regions by assuming roles with these credentials ({@link Locations}).
     */
    private static Cloud cloud(AwsSettings settings, AwsProfile profile, Region region, AwsCredentialsProvider credentials,
                               SdkAsyncHttpClient http, RealScheduler scheduler, String accountId, String description,
                               AutoCloseable onClose) {
        class Configurer {
            @SuppressWarnings("unchecked")
            <B extends AwsAsyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder) {
                return (C) configured(builder, builder);
            }

            /** The async client {@code type} through its static builder(), configured as the others; null if none. */
            @SuppressWarnings({"unchecked", "rawtypes"})
            SdkClient buildAny(Class<? extends SdkClient> type) {
                Object builder;
                try {
                    builder = type.getMethod("builder").invoke(null);
                } catch (ReflectiveOperationException | RuntimeException notAClient) {
                    return null;
                }
                if (!(builder instanceof AwsAsyncClientBuilder<?, ?> async) || !(builder instanceof AwsClientBuilder<?, ?> aws)) {
                    return null;
                }
                // S3 addresses buckets by host name unless told otherwise; an endpoint override (moto, LocalStack,
                // MinIO) serves them by path
                if (settings.endpoint().isPresent()) {
                    try {
                        builder.getClass().getMethod("forcePathStyle", Boolean.class).invoke(builder, Boolean.TRUE);
                    } catch (ReflectiveOperationException notS3) {
                        // other services have no bucket addressing
                    }
                }
                Object client = configured(async, aws);
                return client instanceof SdkClient c ? c : null;
            }

            /** Every client alike: region, credentials, the shared HTTP client, endpoint, profile, retries. */
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object configured(AwsAsyncClientBuilder<?, ?> async, AwsClientBuilder<?, ?> aws) {
                async.httpClient(http);
                AwsClientBuilder raw = aws;
                raw.region(region).credentialsProvider(credentials);
                settings.endpoint().ifPresent(raw::endpointOverride);
                // The profile's other settings (service-specific endpoints, retry mode...) are the SDK's to apply.
                ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
                        .defaultProfileFile(profile.files()).defaultProfileName(profile.name());
                if (!settings.retries()) o.retryStrategy(AwsRetryStrategy.doNotRetry());
                raw.overrideConfiguration(o.build());
                return ((software.amazon.awssdk.utils.builder.SdkBuilder<?, ?>) raw).build();
            }
        }
        Configurer c = new Configurer();
        Cloud[] self = new Cloud[1];
        // "Running automations in multiple AWS Regions and accounts": the execution role of each target account,
        // assumed from this one's credentials; arn:PARTITION:iam::ACCOUNT:role/NAME
        Locations locations = (account, at, roleName) -> {
            Region target = Region.of(at);
            String arn = "arn:" + PartitionMetadata.of(target).id() + ":iam::" + account + ":role/" + roleName;
            return AssumedRoleCredentials.assume(self[0].client(StsAsyncClient.class), arn, scheduler)
                    .thenApply(assumed -> cloud(settings, profile, target, assumed, http, scheduler, account,
                            "AWS (" + account + ", " + target.id() + ", role " + roleName + ")", () -> { }));
        };
        // Clients are built on first use: a command that calls two services does not build ten.
        self[0] = Cloud.builder().region(region.id()).accountId(accountId).scheduler(scheduler)
                .description(description)
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
                .lazyClient(DynamoDbAsyncClient.class, () -> c.build(DynamoDbAsyncClient.builder()))
                // any other service on the classpath (the documents' services, ApiCatalog): its builder() alike
                .anyClient(type -> c.buildAny(type))
                .locations(locations)
                .onClose(onClose)
                .build();
        return self[0];
    }
}
