package dev.fleetops.runbook.document;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.fleetops.runbook.document.ParameterType.MAP_LIST;
import static dev.fleetops.runbook.document.ParameterType.STRING;
import static dev.fleetops.runbook.document.ParameterType.STRING_LIST;
import static dev.fleetops.runbook.document.ParameterType.STRING_MAP;

/**
 * The Automation actions and Command plugins fleetops knows, with their inputs and built-in outputs
 * (ssm-documents.md 3.4 and 4.1, from the UG action pages). Adding an action is one entry here.
 */
public final class Actions {

    private static final Set<RunTarget> BOTH = Set.of(RunTarget.SIMULATOR, RunTarget.AWS);
    private static final Set<RunTarget> AWS_ONLY = Set.of(RunTarget.AWS);
    private static final Set<RunTarget> NOWHERE = Set.of();

    private static final Map<String, ActionSpec> AUTOMATION = new LinkedHashMap<>();
    private static final Map<String, ActionSpec> COMMAND = new LinkedHashMap<>();

    static {
        Set<String> api = Set.of("Service", "Api");
        Set<String> property = Set.of("Service", "Api", "PropertySelector", "DesiredValues");
        automation("aws:executeAwsApi", api, Set.of(), Map.of("OutputPayload", STRING), ActionSpec.Inputs.API, BOTH, "");
        automation("aws:assertAwsResourceProperty", property, Set.of(), Map.of(), ActionSpec.Inputs.API, BOTH, "");
        automation("aws:waitForAwsResourceProperty", property, Set.of(), Map.of(), ActionSpec.Inputs.API, BOTH, "");
        // aws:runCommand "supports most SendCommand parameters" (UG automation-action-runcommand)
        automation("aws:runCommand", Set.of("DocumentName"), Set.of("InstanceIds", "Targets", "Parameters",
                        "CloudWatchOutputConfig", "Comment", "DocumentHash", "DocumentHashType", "DocumentVersion",
                        "NotificationConfig", "OutputS3BucketName", "OutputS3KeyPrefix", "OutputS3Region",
                        "ServiceRoleArn", "TimeoutSeconds", "MaxConcurrency", "MaxErrors", "AlarmConfiguration"),
                Map.of("CommandId", STRING, "Status", STRING, "ResponseCode", STRING, "Output", STRING),
                ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:executeAutomation", Set.of("DocumentName"), Set.of("DocumentVersion", "RuntimeParameters",
                        "Tags", "TargetLocations", "TargetMaps", "TargetParameterName", "Targets", "MaxConcurrency", "MaxErrors"),
                Map.of("Output", STRING_LIST, "ExecutionId", STRING, "Status", STRING), ActionSpec.Inputs.FIXED, BOTH, "");
        // FailOnUnexpectedStopped: not on the UG page, used by AWS-owned documents
        automation("aws:changeInstanceState", Set.of("InstanceIds", "DesiredState"),
                Set.of("CheckStateOnly", "Force", "AdditionalInfo", "FailOnUnexpectedStopped"), Map.of(),
                ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:branch", Set.of("Choices"), Set.of("Default"), Map.of(), ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:sleep", Set.of(), Set.of("Duration", "Timestamp"), Map.of(), ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:pause", Set.of(), Set.of("Message"), Map.of(), ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:approve", Set.of("Approvers"), Set.of("NotificationArn", "Message", "MinRequiredApprovals"),
                Map.of("ApprovalStatus", STRING, "ApproverDecisions", MAP_LIST), ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:loop", Set.of("Steps"), Set.of("Iterators", "IteratorDataType", "LoopCondition", "MaxIterations"),
                Map.of(), ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:updateVariable", Set.of("Name", "Value"), Set.of(), Map.of(), ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:createTags", Set.of("ResourceIds", "Tags"), Set.of("ResourceType"), Map.of(), ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:runInstances", Set.of("ImageId"), Set.of("InstanceType", "MinInstanceCount", "MaxInstanceCount",
                        "IamInstanceProfileName", "IamInstanceProfileArn", "KeyName", "SecurityGroupIds", "SecurityGroups",
                        "SubnetId", "UserData", "TagSpecifications", "BlockDeviceMappings", "NetworkInterfaces", "Placement",
                        "MetadataOptions", "Monitoring", "EbsOptimized", "DisableApiTermination",
                        "InstanceInitiatedShutdownBehavior", "ClientToken", "PrivateIpAddress", "KernelId", "RamdiskId",
                        "AdditionalInfo"),
                Map.of("InstanceIds", STRING_LIST, "InstanceStates", STRING_LIST), ActionSpec.Inputs.FIXED, BOTH, "");
        automation("aws:executeScript", Set.of("Runtime"), Set.of("Handler", "InputPayload", "Script", "Attachment"),
                Map.of("Payload", STRING_MAP, "OutputPayload", STRING), ActionSpec.Inputs.FIXED, AWS_ONLY,
                "the simulator cannot run scripts (on AWS fleetops runs them with a local python3)");
        automation("aws:invokeWebhook", Set.of("IntegrationName"), Set.of("Body"),
                Map.of("Response", STRING, "ResponseCode", STRING), ActionSpec.Inputs.FIXED, AWS_ONLY,
                "webhook integrations live in Parameter Store, which the simulator does not model");
        automation("aws:invokeLambdaFunction", Set.of("FunctionName"), Set.of("Qualifier", "InvocationType", "LogType",
                        "ClientContext", "InputPayload", "Payload"),
                Map.of("StatusCode", STRING, "FunctionError", STRING, "LogResult", STRING, "Payload", STRING),
                ActionSpec.Inputs.FIXED, AWS_ONLY, "the simulator does not model Lambda");
        String noCfn = "the simulator does not model CloudFormation";
        automation("aws:createStack", Set.of("StackName"), Set.of("Capabilities", "ClientRequestToken", "NotificationARNs",
                        "OnFailure", "Parameters", "ResourceTypes", "RoleARN", "StackPolicyBody", "StackPolicyURL", "Tags",
                        "TemplateBody", "TemplateURL", "TimeoutInMinutes", "DisableRollback", "RollbackConfiguration",
                        "EnableTerminationProtection"),
                Map.of("StackId", STRING, "StackStatus", STRING, "StackStatusReason", STRING), ActionSpec.Inputs.FIXED,
                AWS_ONLY, noCfn);
        automation("aws:deleteStack", Set.of("StackName"), Set.of("RetainResources", "RoleARN", "ClientRequestToken"),
                Map.of(), ActionSpec.Inputs.FIXED, AWS_ONLY, noCfn);
        String noImages = "the simulator does not model AMIs";
        automation("aws:createImage", Set.of("InstanceId", "ImageName"), Set.of("ImageDescription", "NoReboot", "BlockDeviceMappings"),
                Map.of("ImageId", STRING, "ImageState", STRING), ActionSpec.Inputs.FIXED, AWS_ONLY, noImages);
        automation("aws:copyImage", Set.of("SourceImageId", "SourceRegion", "ImageName"),
                Set.of("ImageDescription", "Encrypted", "KmsKeyId", "ClientToken"),
                Map.of("ImageId", STRING, "ImageState", STRING), ActionSpec.Inputs.FIXED, AWS_ONLY, noImages);
        automation("aws:deleteImage", Set.of("ImageId"), Set.of(), Map.of(), ActionSpec.Inputs.FIXED, AWS_ONLY, noImages);
        automation("aws:executeStateMachine", Set.of("stateMachineArn"), Set.of("name", "input"), Map.of(),
                ActionSpec.Inputs.FIXED, NOWHERE, "fleetops does not implement Step Functions executions");
        // Undocumented actions that AWS-owned documents use: recognised so such documents are not "invalid"
        for (String internal : new String[]{"aws:installDistributorPackageOnAzure", "aws:putServerUpgradeMetrics", "aws:shareSQLMedia"}) {
            automation(internal, Set.of(), Set.of(), Map.of(), ActionSpec.Inputs.OPEN, NOWHERE,
                    "an undocumented action used by AWS-owned documents");
        }

        Set<String> shared = Set.of("onFailure", "onSuccess", "finallyStep");
        command("aws:runShellScript", Set.of("runCommand"), plus(shared, "timeoutSeconds", "workingDirectory", "id"), BOTH);
        command("aws:runPowerShellScript", Set.of("runCommand"), plus(shared, "timeoutSeconds", "workingDirectory", "id"), BOTH);
        command("aws:runDocument", Set.of("documentType", "documentPath"), plus(shared, "documentParameters", "timeoutSeconds"), AWS_ONLY);
        command("aws:configurePackage", Set.of("name", "action"), plus(shared, "installationType", "version", "additionalArguments"), AWS_ONLY);
        command("aws:downloadContent", Set.of("sourceType", "sourceInfo"), plus(shared, "destinationPath"), AWS_ONLY);
        command("aws:softwareInventory", Set.of(), plus(shared, "applications", "awsComponents", "networkConfig",
                "windowsUpdates", "instanceDetailedInformation", "services", "windowsRoles", "customInventory",
                "billingInfo", "files", "windowsRegistry"), AWS_ONLY);
        command("aws:updateAgent", Set.of(), plus(shared, "agentName", "allowDowngrade", "source", "targetVersion"), AWS_ONLY);
        command("aws:updateSsmAgent", Set.of(), plus(shared, "agentName", "allowDowngrade", "source", "targetVersion"), AWS_ONLY);
        command("aws:psModule", Set.of(), plus(shared, "id", "source", "sourceHash", "runCommand", "timeoutSeconds", "workingDirectory"), AWS_ONLY);
        command("aws:configureDocker", Set.of("action"), plus(shared), AWS_ONLY);
        command("aws:applications", Set.of("action", "source"), plus(shared, "id", "sourceHash", "parameters"), AWS_ONLY);
        for (String open : new String[]{"aws:cloudWatch", "aws:domainJoin", "aws:runDockerAction", "aws:refreshAssociation"}) {
            COMMAND.put(open, new ActionSpec(open, Set.of(), Set.of(), Map.of(), ActionSpec.Inputs.OPEN, AWS_ONLY,
                    "the simulator's agent runs only aws:runShellScript and aws:runPowerShellScript"));
        }
    }

    private Actions() { }

    private static void automation(String name, Set<String> required, Set<String> optional, Map<String, ParameterType> outputs,
                                   ActionSpec.Inputs inputs, Set<RunTarget> runsOn, String whyNot) {
        AUTOMATION.put(name, new ActionSpec(name, required, optional, outputs, inputs, runsOn, whyNot));
    }

    private static void command(String name, Set<String> required, Set<String> optional, Set<RunTarget> runsOn) {
        COMMAND.put(name, new ActionSpec(name, required, optional, Map.of(), ActionSpec.Inputs.FIXED, runsOn,
                "the simulator's agent runs only aws:runShellScript and aws:runPowerShellScript"));
    }

    private static Set<String> plus(Set<String> base, String... more) {
        Set<String> s = new java.util.TreeSet<>(base);
        s.addAll(Set.of(more));
        return s;
    }

    public static Optional<ActionSpec> automation(String action) {
        return Optional.ofNullable(AUTOMATION.get(action));
    }

    /** Command plugin names are matched case-insensitively, as the SSM agent does. */
    public static Optional<ActionSpec> plugin(String action) {
        ActionSpec exact = COMMAND.get(action);
        if (exact != null) return Optional.of(exact);
        return COMMAND.values().stream().filter(a -> a.name().equalsIgnoreCase(action)).findFirst();
    }

    public static Set<String> automationNames() {
        return AUTOMATION.keySet();
    }

    public static Set<String> pluginNames() {
        return COMMAND.keySet();
    }
}
