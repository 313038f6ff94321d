package dev.fleetops.sim.api;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.route53.model.Route53Exception;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * Real SDK exception types with AWS error codes, as a client would receive them from the service. Modeled
 * exceptions (e.g. {@code ResourceContentionException}) are built by passing their own builder to
 * {@link #error(AwsServiceException.Builder, String, String, int, String)}.
 */
public final class SimErrors {

    private SimErrors() { }

    public static AwsServiceException error(AwsServiceException.Builder builder, String service, String code,
                                            int status, String message) {
        return builder
                .message(message)
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(message)
                        .serviceName(service)
                        .sdkHttpResponse(SdkHttpResponse.builder().statusCode(status).build())
                        .build())
                .build();
    }

    public static AwsServiceException ec2(String code, String message) {
        return error(Ec2Exception.builder(), "Ec2", code, code.equals("RequestLimitExceeded") ? 503 : 400, message);
    }

    public static AwsServiceException autoScaling(String code, String message) {
        return error(AutoScalingException.builder(), "AutoScaling", code, 400, message);
    }

    public static AwsServiceException elbv2(String code, String message) {
        return error(ElasticLoadBalancingV2Exception.builder(), "ElasticLoadBalancingV2", code, 400, message);
    }

    public static AwsServiceException ssm(String code, String message) {
        return error(SsmException.builder(), "Ssm", code, 400, message);
    }

    public static AwsServiceException sqs(String code, String message) {
        return error(SqsException.builder(), "Sqs", code, 400, message);
    }

    public static AwsServiceException eventBridge(String code, String message) {
        return error(EventBridgeException.builder(), "EventBridge", code, 400, message);
    }

    public static AwsServiceException route53(String code, String message) {
        return error(Route53Exception.builder(), "Route53", code, 400, message);
    }

    /**
     * The generic error for a service key as used in {@code FaultPlan} (ec2, autoscaling, elbv2, ...), with the
     * HTTP status AWS answers it with: 500 for {@code InternalError}/{@code InternalFailure}, 503 for
     * {@code ServiceUnavailable}/{@code Unavailable} (AWS API references: Common Errors), 400 otherwise.
     */
    public static AwsServiceException forService(String service, String code, String message) {
        int status = switch (code) {
            case "InternalError", "InternalFailure", "InternalServerError" -> 500;
            case "ServiceUnavailable", "Unavailable" -> 503;
            default -> 0;
        };
        if (status != 0) return error(builderFor(service), serviceName(service), code, status, message);
        return switch (service) {
            case "ec2" -> ec2(code, message);
            case "autoscaling" -> autoScaling(code, message);
            case "elbv2" -> elbv2(code, message);
            case "ssm" -> ssm(code, message);
            case "sqs" -> sqs(code, message);
            case "events" -> eventBridge(code, message);
            case "route53" -> route53(code, message);
            default -> throw new IllegalArgumentException("unknown service " + service);
        };
    }

    private static AwsServiceException.Builder builderFor(String service) {
        return switch (service) {
            case "ec2" -> Ec2Exception.builder();
            case "autoscaling" -> AutoScalingException.builder();
            case "elbv2" -> ElasticLoadBalancingV2Exception.builder();
            case "ssm" -> SsmException.builder();
            case "sqs" -> SqsException.builder();
            case "events" -> EventBridgeException.builder();
            case "route53" -> Route53Exception.builder();
            default -> throw new IllegalArgumentException("unknown service " + service);
        };
    }

    private static String serviceName(String service) {
        return switch (service) {
            case "ec2" -> "Ec2";
            case "autoscaling" -> "AutoScaling";
            case "elbv2" -> "ElasticLoadBalancingV2";
            case "ssm" -> "Ssm";
            case "sqs" -> "Sqs";
            case "events" -> "EventBridge";
            default -> "Route53";
        };
    }
}
