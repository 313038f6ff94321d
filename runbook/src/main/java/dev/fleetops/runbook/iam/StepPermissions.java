package dev.fleetops.runbook.iam;

import dev.fleetops.runbook.document.Step;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The IAM actions one step needs: the API of API-style steps, and for the other actions the calls fleetops'
 * implementation makes (package {@code runbook.action.aws}) plus those AWS's own implementation is known to make
 * (seed 004's hand-written policy needed ssm:DescribeInstanceInformation for aws:runCommand).
 */
final class StepPermissions {

    record Needs(List<String> actions, List<String> notes) { }

    /** boto3 client names whose IAM prefix differs. */
    private static final Map<String, String> PREFIX = Map.of("elbv2", "elasticloadbalancing",
            "elb", "elasticloadbalancing", "stepfunctions", "states", "logs", "logs", "events", "events");
    /** API operations whose IAM action has another name. */
    private static final Map<String, String> ACTION = Map.of("lambda:Invoke", "lambda:InvokeFunction",
            "lambda:InvokeAsync", "lambda:InvokeFunction", "s3:ListObjectsV2", "s3:ListBucket", "s3:HeadObject",
            "s3:GetObject", "s3:HeadBucket", "s3:ListBucket");

    private StepPermissions() { }

    /** @param given the names of the documents the policy covers (a child among them needs no note) */
    static Needs of(String document, Step s, java.util.Set<String> given) {
        List<String> a = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        String where = document + " step " + s.name() + " (" + s.action() + ")";
        switch (s.action()) {
            case "aws:executeAwsApi", "aws:assertAwsResourceProperty", "aws:waitForAwsResourceProperty" -> {
                Optional<String> service = literal(s, "Service");
                Optional<String> api = literal(s, "Api");
                if (service.isPresent() && api.isPresent()) {
                    a.add(iam(service.get(), api.get()));
                } else {
                    notes.add(where + ": Service or Api is set at run time; its permission is not included");
                }
            }
            case "aws:runCommand" -> a.addAll(List.of("ssm:SendCommand", "ssm:ListCommands", "ssm:ListCommandInvocations",
                    "ssm:GetCommandInvocation", "ssm:DescribeInstanceInformation", "ssm:CancelCommand"));
            case "aws:executeAutomation" -> {
                a.addAll(List.of("ssm:StartAutomationExecution", "ssm:GetAutomationExecution"));
                if (!literal(s, "DocumentName").map(given::contains).orElse(false)) {
                    notes.add(where + ": the child document's own calls are included only when it is given too");
                }
            }
            case "aws:changeInstanceState" -> {
                a.addAll(List.of("ec2:DescribeInstances", "ec2:DescribeInstanceStatus"));
                if (!literal(s, "CheckStateOnly").map(v -> v.equalsIgnoreCase("true")).orElse(false)) {
                    Optional<String> desired = literal(s, "DesiredState");
                    Map<String, String> calls = Map.of("running", "ec2:StartInstances", "stopped", "ec2:StopInstances",
                            "terminated", "ec2:TerminateInstances");
                    if (desired.isPresent() && calls.containsKey(desired.get())) {
                        a.add(calls.get(desired.get()));
                    } else {
                        a.addAll(calls.values());
                        notes.add(where + ": DesiredState is set at run time; start, stop and terminate are all included");
                    }
                }
            }
            case "aws:createTags" -> {
                Optional<String> type = literal(s, "ResourceType");
                if (type.isEmpty() && has(s, "ResourceType")) {
                    a.addAll(List.of("ec2:CreateTags", "ssm:AddTagsToResource"));
                } else {
                    a.add(type.orElse("EC2").equals("EC2") ? "ec2:CreateTags" : "ssm:AddTagsToResource");
                }
            }
            case "aws:runInstances" -> {
                a.addAll(List.of("ec2:RunInstances", "ec2:DescribeInstances"));
                if (has(s, "TagSpecifications")) a.add("ec2:CreateTags");
                if (has(s, "IamInstanceProfileName") || has(s, "IamInstanceProfileArn")) a.add("iam:PassRole");
            }
            case "aws:createStack" -> {
                a.addAll(List.of("cloudformation:CreateStack", "cloudformation:DescribeStacks"));
                if (has(s, "RoleARN")) a.add("iam:PassRole");
                notes.add(where + ": the template's resources need their own permissions unless RoleARN is given");
            }
            case "aws:deleteStack" -> a.addAll(List.of("cloudformation:DeleteStack", "cloudformation:DescribeStacks"));
            case "aws:createImage" -> a.addAll(List.of("ec2:CreateImage", "ec2:DescribeImages"));
            case "aws:copyImage" -> a.addAll(List.of("ec2:CopyImage", "ec2:DescribeImages"));
            case "aws:deleteImage" -> a.addAll(List.of("ec2:DescribeImages", "ec2:DeregisterImage", "ec2:DeleteSnapshot"));
            case "aws:invokeLambdaFunction" -> a.add("lambda:InvokeFunction");
            case "aws:invokeWebhook" -> a.add("ssm:GetParameter"); // AWS reads the integration from Parameter Store
            case "aws:approve" -> {
                if (has(s, "NotificationArn")) a.add("sns:Publish");
            }
            case "aws:executeScript" -> notes.add(where + ": the calls the script makes are not analysed");
            default -> { } // flow and variable actions call nothing
        }
        return new Needs(a, notes);
    }

    /** The IAM action for an API call named as SSM documents name it. */
    static String iam(String service, String api) {
        String s = service.toLowerCase(Locale.ROOT);
        String action = PREFIX.getOrDefault(s, s) + ":" + pascal(api);
        return ACTION.getOrDefault(action, action);
    }

    private static String pascal(String api) {
        if (!api.contains("_") && !api.isEmpty() && Character.isUpperCase(api.charAt(0))) return api;
        StringBuilder b = new StringBuilder();
        for (String part : api.split("_")) {
            if (!part.isEmpty()) b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    private static boolean has(Step s, String input) {
        return s.inputs().get(input).isPresent();
    }

    /** An input's value when it is written out in the document (not interpolated at run time). */
    private static Optional<String> literal(Step s, String input) {
        Optional<Node> n = s.inputs().get(input);
        if (n.isEmpty() || !(n.get() instanceof ScalarNode sc) || sc.value() == null) return Optional.empty();
        return sc.value().contains("{{") ? Optional.empty() : Optional.of(sc.value());
    }
}
