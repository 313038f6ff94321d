package dev.fleetops.cloud.api;

import software.amazon.awssdk.core.SdkClient;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services AWS's published Automation documents call beyond the ones every fleetops module carries, by the
 * name the documents give them (boto3's client names, as {@code aws:executeAwsApi}'s {@code Service} takes them)
 * and the SDK v2 async client interface that calls them. A service is available when its SDK module is on the
 * classpath: {@code fleetops.jar} carries them (cli/pom.xml); the Lambda artifact does not.
 */
final class OptionalServices {

    /** boto3 client name -> SDK v2 async client interface (module software.amazon.awssdk:NAME). */
    static final Map<String, String> CLIENTS = new TreeMap<>(Map.ofEntries(
            Map.entry("accessanalyzer", "accessanalyzer.AccessAnalyzerAsyncClient"),
            Map.entry("application-autoscaling", "applicationautoscaling.ApplicationAutoScalingAsyncClient"),
            Map.entry("athena", "athena.AthenaAsyncClient"),
            Map.entry("cloudtrail", "cloudtrail.CloudTrailAsyncClient"),
            Map.entry("cloudwatch", "cloudwatch.CloudWatchAsyncClient"),
            Map.entry("config", "config.ConfigAsyncClient"),
            Map.entry("connect", "connect.ConnectAsyncClient"),
            Map.entry("docdb", "docdb.DocDbAsyncClient"),
            Map.entry("ds", "directory.DirectoryAsyncClient"),
            Map.entry("dynamodb", "dynamodb.DynamoDbAsyncClient"),
            Map.entry("ecs", "ecs.EcsAsyncClient"),
            Map.entry("eks", "eks.EksAsyncClient"),
            Map.entry("elasticbeanstalk", "elasticbeanstalk.ElasticBeanstalkAsyncClient"),
            Map.entry("elb", "elasticloadbalancing.ElasticLoadBalancingAsyncClient"),
            Map.entry("emr", "emr.EmrAsyncClient"),
            Map.entry("guardduty", "guardduty.GuardDutyAsyncClient"),
            Map.entry("iam", "iam.IamAsyncClient"),
            Map.entry("identitystore", "identitystore.IdentitystoreAsyncClient"),
            Map.entry("kinesis", "kinesis.KinesisAsyncClient"),
            Map.entry("kms", "kms.KmsAsyncClient"),
            Map.entry("logs", "cloudwatchlogs.CloudWatchLogsAsyncClient"),
            Map.entry("migration-hub-refactor-spaces", "migrationhubrefactorspaces.MigrationHubRefactorSpacesAsyncClient"),
            Map.entry("mwaa", "mwaa.MwaaAsyncClient"),
            Map.entry("neptune", "neptune.NeptuneAsyncClient"),
            Map.entry("ram", "ram.RamAsyncClient"),
            Map.entry("rds", "rds.RdsAsyncClient"),
            Map.entry("redshift", "redshift.RedshiftAsyncClient"),
            Map.entry("resource-groups", "resourcegroups.ResourceGroupsAsyncClient"),
            Map.entry("s3", "s3.S3AsyncClient"),
            Map.entry("s3control", "s3control.S3ControlAsyncClient"),
            Map.entry("secretsmanager", "secretsmanager.SecretsManagerAsyncClient"),
            Map.entry("sns", "sns.SnsAsyncClient"),
            Map.entry("sso-admin", "ssoadmin.SsoAdminAsyncClient"),
            Map.entry("stepfunctions", "sfn.SfnAsyncClient"),
            Map.entry("sts", "sts.StsAsyncClient"),
            Map.entry("waf-regional", "waf.regional.WafRegionalAsyncClient"),
            Map.entry("workspaces", "workspaces.WorkSpacesAsyncClient")));

    private static final String PACKAGE = "software.amazon.awssdk.services.";
    private static final Map<String, Optional<ServiceApi>> LOADED = new ConcurrentHashMap<>();

    private OptionalServices() { }

    /** The service {@code name} (lower case) when fleetops knows it and its SDK module is on the classpath. */
    static Optional<ServiceApi> service(String name) {
        String client = CLIENTS.get(name);
        if (client == null) return Optional.empty();
        return LOADED.computeIfAbsent(name, n -> load(n, PACKAGE + client));
    }

    /** The Maven coordinates of the SDK module that carries {@code name}, when fleetops knows the service. */
    static Optional<String> module(String name) {
        String client = CLIENTS.get(name.toLowerCase(java.util.Locale.ROOT));
        return client == null ? Optional.empty()
                : Optional.of("software.amazon.awssdk:" + client.substring(0, client.indexOf('.')));
    }

    /** The names of the services whose SDK module is present. */
    static List<String> available() {
        return CLIENTS.keySet().stream().filter(n -> service(n).isPresent()).toList();
    }

    private static Optional<ServiceApi> load(String name, String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, OptionalServices.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError absent) {
            return Optional.empty();
        }
        if (!SdkClient.class.isAssignableFrom(type)) return Optional.empty();
        Class<? extends SdkClient> client = type.asSubclass(SdkClient.class);
        return Optional.of(new ServiceApi(name, client, cloud -> cloud.client(client)));
    }
}
