package dev.fleetops.sim.elbv2;

import dev.fleetops.sim.api.SimErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateListenerException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateLoadBalancerNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ListenerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAssociationLimitException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;

import java.util.List;
import java.util.stream.Collectors;

/** ELBv2's errors with AWS's codes (modeled exception types where the SDK has one) and, where known, wording. */
final class Elbv2Errors {

    private static final String SERVICE = "ElasticLoadBalancingV2";

    private Elbv2Errors() { }

    static AwsServiceException validation(String message) {
        return SimErrors.elbv2("ValidationError", message);
    }

    /** AWS's generic constraint message, e.g. for a value below a member's minimum. */
    static AwsServiceException atLeast(String member, Object value, long min) {
        return validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
    }

    static AwsServiceException atMost(String member, Object value, long max) {
        return validation("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
    }

    static AwsServiceException missing(String member) {
        return validation("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }

    static AwsServiceException targetGroupsNotFound() {
        return SimErrors.error(TargetGroupNotFoundException.builder(), SERVICE, "TargetGroupNotFound", 400,
                "One or more target groups not found");
    }

    static AwsServiceException targetGroupNotFound(String arn) {
        return SimErrors.error(TargetGroupNotFoundException.builder(), SERVICE, "TargetGroupNotFound", 400,
                "Target groups '" + arn + "' not found");
    }

    static AwsServiceException loadBalancersNotFound() {
        return SimErrors.error(LoadBalancerNotFoundException.builder(), SERVICE, "LoadBalancerNotFound", 400,
                "One or more load balancers not found");
    }

    static AwsServiceException listenersNotFound() {
        return SimErrors.error(ListenerNotFoundException.builder(), SERVICE, "ListenerNotFound", 400,
                "One or more listeners not found");
    }

    static AwsServiceException duplicateTargetGroupName(String name) {
        return SimErrors.error(DuplicateTargetGroupNameException.builder(), SERVICE, "DuplicateTargetGroupName", 400,
                "A target group with the same name '" + name + "' exists, but with different settings");
    }

    static AwsServiceException duplicateLoadBalancerName(String name) {
        return SimErrors.error(DuplicateLoadBalancerNameException.builder(), SERVICE, "DuplicateLoadBalancerName",
                400, "A load balancer with the same name '" + name + "' exists, but with different settings");
    }

    static AwsServiceException duplicateListener() {
        return SimErrors.error(DuplicateListenerException.builder(), SERVICE, "DuplicateListener", 400,
                "A listener already exists on this port for this load balancer");
    }

    static AwsServiceException associationLimit(String targetGroupArn) {
        return SimErrors.error(TargetGroupAssociationLimitException.builder(), SERVICE,
                "TargetGroupAssociationLimit", 400,
                "The following target groups cannot be associated with more than one load balancer: '"
                        + targetGroupArn + "'");
    }

    /** A well-formed instance id that EC2 does not know (wording of the API reference's InvalidTarget). */
    static AwsServiceException targetDoesNotExist() {
        return SimErrors.error(InvalidTargetException.builder(), SERVICE, "InvalidTarget", 400,
                "The specified target does not exist, is not in the same VPC as the target group, "
                        + "or has an unsupported instance type.");
    }

    static AwsServiceException notRunning(List<String> instanceIds) {
        return SimErrors.error(InvalidTargetException.builder(), SERVICE, "InvalidTarget", 400,
                "The following targets are not in a running state and cannot be registered: "
                        + instanceIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ")));
    }
}
