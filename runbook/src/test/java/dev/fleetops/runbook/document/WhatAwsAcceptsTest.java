package dev.fleetops.runbook.document;

import dev.fleetops.cloud.api.ApiCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What SSM accepts is never "invalid": constructs the validator once rejected although AWS takes them (under
 * {@code src/test/resources/runbook/warned/}) are warnings now, and documents of the types fleetops does not run are
 * "not runnable here" with what they are.
 */
class WhatAwsAcceptsTest {

    private final DocumentValidator simulator = new DocumentValidator(ApiCatalog.standard(), RunTarget.SIMULATOR);
    private final DocumentValidator aws = new DocumentValidator(ApiCatalog.standard(), RunTarget.AWS);

    static Stream<Arguments> warned() {
        return Stream.of(
                Arguments.of("01-step-name-with-a-dash.yaml", List.of(
                        "warned/01-step-name-with-a-dash.yaml:6:11: step Reboot-Now: mainSteps[0].name: step name 'Reboot-Now' has characters other than letters, digits and _ (AWS accepts it; AWS-owned documents use only those)")),
                Arguments.of("02-nested-reference.yaml", List.of(
                        "warned/02-nested-reference.yaml:9:17: step Wait: mainSteps[0].inputs.Duration: nested references {{ {{...}} }} are not expanded by SSM")),
                Arguments.of("03-stringlist-inside-text.yaml", List.of(
                        "warned/03-stringlist-inside-text.yaml:14:18: step Tag: mainSteps[0].inputs.Tags[0].Value: {{ Ids }} is a StringList inside other text: it is inserted as its JSON text (e.g. [\"a\",\"b\"]); use it as the whole value (\"{{ Ids }}\") to pass the list itself")),
                // onFailure and timeoutSeconds are the agent's own step properties, finallyStep a shared plugin input
                Arguments.of("04-command-step-properties.yaml", List.of(
                        "warned/04-command-step-properties.yaml:11:5: step say: mainSteps[0].isEnd: unknown field 'isEnd'; a step has: action, description, inputs, maxAttempts, name, onFailure, precondition, settings, timeoutSeconds (the SSM agent ignores it)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warned")
    void isValidWithItsExactWarnings(String file, List<String> expected) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/runbook/warned/" + file)) {
            assertThat(in).as("test resource " + file).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        Validation v = simulator.validate("warned/" + file, text);

        assertThat(v).as(v.toString()).isInstanceOf(Validation.Valid.class);
        assertThat(v.warnings()).map(DocumentError::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void aChangeManagerTemplateIsNotRunnableHereAndSaysWhatItIs() {
        // the shape of "Creating change templates" (AWS Systems Manager User Guide): schema 0.3, aws:approve steps
        Validation v = aws.validate("MyChangeTemplate.yaml", """
                description: '# My change template'
                templateInformation: '### Document Name: MyChangeTemplate'
                schemaVersion: '0.3'
                emergencyChange: false
                autoApprovable: false
                executableRunBooks:
                  - name: AWS-RestartEC2Instance
                    version: '1'
                mainSteps:
                  - name: SimpleApproveAction
                    action: aws:approve
                    timeoutSeconds: 3600
                    inputs:
                      Message: Please approve this change request
                      MinRequiredApprovals: 1
                      EnhancedApprovals:
                        Approvers:
                          - approver: John Stiles
                            type: IamUser
                            minRequiredApprovals: 0
                """);
        assertThat(v).isInstanceOf(Validation.NotRunnable.class);
        assertThat(((Validation.NotRunnable) v).reasons()).containsExactly("schemaVersion 0.3 (a Change Manager change"
                + " template): not runnable here; fleetops runs Automation (0.3) and Command (1.2, 2.0, 2.2) documents");
    }

    @Test
    void documentsWithoutASchemaVersionOfOtherTypesAreNotRunnableHere() {
        Validation schema = aws.validate("MyConfigSchema.json", """
                {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object",
                 "properties": {"throttle": {"type": "integer"}}}
                """);
        assertThat(((Validation.NotRunnable) schema).reasons()).singleElement().asString()
                .startsWith("this is an AppConfig configuration schema (ApplicationConfigurationSchema) document");
        Validation template = aws.validate("Stack.yaml", """
                AWSTemplateFormatVersion: '2010-09-09'
                Resources:
                  Topic: {Type: 'AWS::SNS::Topic'}
                """);
        assertThat(((Validation.NotRunnable) template).reasons()).singleElement().asString()
                .startsWith("this is a CloudFormation template, not an Automation or Command document");
        // a runbook that lost its schemaVersion is still a runbook with a missing field
        assertThat(aws.validate("r.yaml", "mainSteps: [{name: a, action: aws:sleep, inputs: {Duration: PT1S}}]"))
                .isInstanceOf(Validation.Invalid.class);
    }

    @Test
    void aPolicyDocumentIsReadForWhatItIsAPluginDocument() {
        // AWS-GatherSoftwareInventory's shape: a Policy document (schema 2.0) of aws:softwareInventory steps
        Validation v = simulator.validate("Inventory.json", """
                {"schemaVersion": "2.0", "parameters": {"applications": {"type": "String", "default": "Enabled"}},
                 "mainSteps": [{"action": "aws:softwareInventory", "name": "collectSoftwareInventoryItems",
                   "inputs": {"applications": "{{ applications }}"}}]}
                """);
        assertThat(v).isInstanceOf(Validation.NotRunnable.class);
        assertThat(((Validation.NotRunnable) v).reasons()).containsExactly("plugin aws:softwareInventory does not run on"
                + " the simulator: the simulator's agent runs only aws:runShellScript and aws:runPowerShellScript");
    }
}
