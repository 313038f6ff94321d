package dev.fleetops.runbook.iam;

import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.DocumentValidator;
import dev.fleetops.runbook.document.RunTarget;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IamPolicyTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "runbooks");
    private final DocumentValidator validator = new DocumentValidator(ApiCatalog.standard(), RunTarget.AWS);

    private Document doc(String file) {
        return validator.validate(EXAMPLES.resolve(file)).document();
    }

    @Test
    void seed004GracefulDocumentAlone() {
        IamPolicy p = IamPolicy.of(doc("RebootInstanceGraceful.yaml"));

        assertThat(p.read()).containsExactly("elasticloadbalancing:DescribeTargetHealth", "ssm:GetAutomationExecution",
                "ssm:GetDocument");
        assertThat(p.write()).containsExactly("elasticloadbalancing:DeregisterTargets",
                "elasticloadbalancing:RegisterTargets", "ssm:StartAutomationExecution");
        assertThat(p.toJson().toString()).isEqualTo("{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"RunbookRead\",\"Effect\":\"Allow\",\"Action\":[\"elasticloadbalancing:DescribeTargetHealth\","
                + "\"ssm:GetAutomationExecution\",\"ssm:GetDocument\"],\"Resource\":\"*\"},"
                + "{\"Sid\":\"RunbookWrite\",\"Effect\":\"Allow\",\"Action\":[\"elasticloadbalancing:DeregisterTargets\","
                + "\"elasticloadbalancing:RegisterTargets\",\"ssm:StartAutomationExecution\"],\"Resource\":\"*\"}]}");
        assertThat(p.notes()).containsExactly("RebootInstanceGraceful step RebootWithHealthcheck (aws:executeAutomation): "
                + "the child document's own calls are included only when it is given too");
    }

    @Test
    void seed004WithItsChildCoversTheHandWrittenPolicy() {
        IamPolicy p = IamPolicy.of(List.of(doc("RebootInstanceGraceful.yaml"), doc("RebootWithHealthcheck.yaml")));

        // seed 004's aws_iam_policy_document "mw_role_additional", statement by statement
        List<String> handWritten = List.of("ssm:DescribeInstanceInformation", "ssm:ListCommandInvocations",
                "elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DeregisterTargets",
                "elasticloadbalancing:RegisterTargets");
        assertThat(p.actions()).containsAll(handWritten);
        // and what the seed's role had from earlier posts (running commands, starting the child automation)
        assertThat(p.actions()).containsExactlyInAnyOrder("elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DeregisterTargets", "elasticloadbalancing:RegisterTargets",
                "ssm:StartAutomationExecution", "ssm:GetAutomationExecution", "ssm:GetDocument", "ssm:SendCommand", "ssm:ListCommands",
                "ssm:ListCommandInvocations", "ssm:GetCommandInvocation", "ssm:DescribeInstanceInformation",
                "ssm:CancelCommand");
        assertThat(p.read()).doesNotContain("ssm:SendCommand", "elasticloadbalancing:RegisterTargets");
        assertThat(p.notes()).as("the child is given: nothing left out").isEmpty();
    }

    @Test
    void apiNamesMapToIamActions() {
        assertThat(IamPolicy.iamAction("elbv2", "describe_target_health")).isEqualTo("elasticloadbalancing:DescribeTargetHealth");
        assertThat(IamPolicy.iamAction("EC2", "DescribeInstances")).isEqualTo("ec2:DescribeInstances");
        assertThat(IamPolicy.iamAction("lambda", "Invoke")).isEqualTo("lambda:InvokeFunction");
        assertThat(IamPolicy.isRead("autoscaling:DescribeAutoScalingGroups")).isTrue();
        assertThat(IamPolicy.isRead("autoscaling:SetDesiredCapacity")).isFalse();
    }
}
