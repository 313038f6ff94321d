package dev.fleetops.sim.wire;

import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.sim.SimRegion;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.route53.Route53AsyncClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.sts.StsAsyncClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The services the server speaks, by signing name, with the protocol and API version each service's model names
 * (the XML namespaces are the ones AWS answers with).
 */
final class WireServices {

    private static final ApiCatalog CATALOG = ApiCatalog.standard().with("sts", StsAsyncClient.class);

    private final Map<String, WireService> bySigningName = new LinkedHashMap<>();

    WireServices(SimRegion region) {
        var cloud = region.cloud();
        // the simulator answers an unchanged instance as the same Instance object: its XML is kept (Fragments)
        add("ec2", "ec2", new QueryProtocol("http://ec2.amazonaws.com/doc/2016-11-15/", true, QueryNames.MODEL,
                Fragments.of(Instance.class)), cloud.client(Ec2AsyncClient.class));
        add("autoscaling", "autoscaling", new QueryProtocol("http://autoscaling.amazonaws.com/doc/2011-01-01/", false),
                cloud.client(AutoScalingAsyncClient.class));
        add("elasticloadbalancing", "elbv2", new QueryProtocol("http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/", false),
                cloud.client(ElasticLoadBalancingV2AsyncClient.class));
        // the SDK for Java speaks CloudWatch's query protocol; boto3 1.36+ prefers its rpc-v2-cbor one, not served here
        add("monitoring", "cloudwatch", new QueryProtocol("http://monitoring.amazonaws.com/doc/2010-08-01/", false),
                cloud.client(CloudWatchAsyncClient.class));
        add("sts", "sts", new QueryProtocol("https://sts.amazonaws.com/doc/2011-06-15/", false), new SimStsClient(region.context()));
        add("ssm", "ssm", new JsonProtocol("1.1", "AmazonSSM"), cloud.client(SsmAsyncClient.class));
        add("events", "events", new JsonProtocol("1.1", "AWSEvents"), cloud.client(EventBridgeAsyncClient.class));
        bySigningName.put("sqs", new WireService("sqs", new JsonProtocol("1.0", "AmazonSQS", true), CATALOG.requireService("sqs"),
                cloud.client(SqsAsyncClient.class), new QueryProtocol("http://queue.amazonaws.com/doc/2012-11-05/", false, QueryNames.sqs())));
        add("route53", "route53", new RestXmlProtocol("https://route53.amazonaws.com/doc/2013-04-01/",
                CATALOG.requireService("route53"), RestXmlProtocol.route53Ids()), cloud.client(Route53AsyncClient.class));
    }

    private void add(String signingName, String catalogName, WireProtocol protocol, Object client) {
        bySigningName.put(signingName, new WireService(signingName, protocol, CATALOG.requireService(catalogName), client));
    }

    Optional<WireService> bySigningName(String name) {
        return Optional.ofNullable(bySigningName.get(name));
    }

    /** A JSON service by its {@code X-Amz-Target} prefix: how an unsigned request is still answered in its shape. */
    Optional<WireService> byTarget(String target) {
        if (target == null) return Optional.empty();
        int dot = target.lastIndexOf('.');
        String prefix = dot < 0 ? target : target.substring(0, dot);
        return bySigningName.values().stream()
                .filter(s -> s.protocol() instanceof JsonProtocol j && j.targetPrefix().equals(prefix)).findFirst();
    }

    Iterable<WireService> all() {
        return bySigningName.values();
    }
}
