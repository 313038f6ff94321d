package dev.fleetops.runbook.action.aws;

import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.ActionDefinitions;

import java.util.ArrayList;
import java.util.List;

import static dev.fleetops.runbook.document.ActionDefinition.automation;

/**
 * The AWS-facing actions, each defined next to its implementation ({@code DEFINITION}), plus the actions AWS
 * documents use that fleetops recognises but does not run. Found by {@link java.util.ServiceLoader}.
 */
public final class AwsActions implements ActionDefinitions {

    @Override
    public List<ActionDefinition> definitions() {
        List<ActionDefinition> all = new ArrayList<>(List.of(
                ExecuteAwsApi.DEFINITION,
                AssertAwsResourceProperty.DEFINITION,
                WaitForAwsResourceProperty.DEFINITION,
                RunCommand.DEFINITION,
                ChangeInstanceState.DEFINITION,
                CreateTags.DEFINITION,
                RunInstances.DEFINITION,
                InvokeWebhook.DEFINITION,
                ExecuteScript.DEFINITION,
                InvokeLambdaFunction.DEFINITION,
                CreateStack.DEFINITION,
                DeleteStack.DEFINITION,
                CreateImage.DEFINITION,
                CopyImage.DEFINITION,
                DeleteImage.DEFINITION,
                ExecuteStateMachine.DEFINITION));
        // Undocumented actions that AWS-owned documents use: recognised so such documents are not "invalid"
        for (String internal : List.of("aws:installDistributorPackageOnAzure", "aws:putServerUpgradeMetrics", "aws:shareSQLMedia")) {
            all.add(automation(internal).openInputs().runsNowhere("an undocumented action used by AWS-owned documents").build());
        }
        return all;
    }
}
