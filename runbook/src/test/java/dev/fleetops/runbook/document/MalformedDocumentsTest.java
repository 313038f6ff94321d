package dev.fleetops.runbook.document;

import dev.fleetops.cloud.api.ApiCatalog;
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
 * Malformed documents under {@code src/test/resources/runbook/bad/}, each with the exact errors a user sees:
 * file:line:col, step, field and message. Every one is rejected before anything runs.
 */
class MalformedDocumentsTest {

    private final DocumentValidator validator = new DocumentValidator(ApiCatalog.standard(), RunTarget.SIMULATOR);

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("01-missing-schemaversion.yaml", List.of(
                        "bad/01-missing-schemaversion.yaml:1:1: missing required field 'schemaVersion'")),
                Arguments.of("02-unknown-schemaversion.yaml", List.of(
                        "bad/02-unknown-schemaversion.yaml:1:16: schemaVersion: unknown schemaVersion \"0.4\"; fleetops runs 0.3 (Automation) and 2.2 (Command) and recognises 1.0, 1.2 and 2.0")),
                Arguments.of("03-schemaversion-not-a-string.yaml", List.of(
                        "bad/03-schemaversion-not-a-string.yaml:1:16: schemaVersion: schemaVersion must be a string such as \"0.3\", got a list")),
                Arguments.of("04-missing-mainsteps.yaml", List.of(
                        "bad/04-missing-mainsteps.yaml:1:1: missing required field 'mainSteps'")),
                Arguments.of("05-empty-mainsteps.yaml", List.of(
                        "bad/05-empty-mainsteps.yaml:5:12: mainSteps: mainSteps is empty: a document needs at least one step")),
                Arguments.of("06-misspelt-top-level-key.yaml", List.of(
                        "bad/06-misspelt-top-level-key.yaml:2:1: assumeRol: unknown field 'assumeRol' (did you mean 'assumeRole'?); a schema 0.3 document has: assumeRole, description, files, mainSteps, outputs, parameters, schemaVersion, variables")),
                Arguments.of("07-unknown-parameter-type.yaml", List.of(
                        "bad/07-unknown-parameter-type.yaml:4:11: parameters.InstanceId.type: unknown parameter type 'Strin' (did you mean 'String'?); expected String, StringList, Integer, Boolean, MapList, StringMap or a picker type such as AWS::EC2::Instance::Id")),
                Arguments.of("08-parameter-without-type.yaml", List.of(
                        "bad/08-parameter-without-type.yaml:4:5: parameters.InstanceId: missing required field 'type'")),
                Arguments.of("09-misspelt-parameter-key.yaml", List.of(
                        "bad/09-misspelt-parameter-key.yaml:5:5: parameters.InstanceId.defualt: unknown field 'defualt' (did you mean 'default'?); a parameter definition has: allowedPattern, allowedValues, default, description, displayType, maxChars, maxItems, minChars, minItems, type")),
                Arguments.of("10-allowedpattern-that-does-not-compile.yaml", List.of(
                        "bad/10-allowedpattern-that-does-not-compile.yaml:5:21: parameters.InstanceId.allowedPattern: allowedPattern is not a valid regular expression: Unclosed character class near index 10")),
                Arguments.of("11-integer-default-quoted.yaml", List.of(
                        "bad/11-integer-default-quoted.yaml:7:14: parameters.Count.default: the default of a parameter of type Integer must be an integer (not quoted), got \"5\"")),
                Arguments.of("12-boolean-default-not-a-boolean.yaml", List.of(
                        "bad/12-boolean-default-not-a-boolean.yaml:7:14: parameters.Force.default: the default of a parameter of type Boolean must be true or false (not quoted), got \"yes\"")),
                Arguments.of("13-stringlist-default-a-string.yaml", List.of(
                        "bad/13-stringlist-default-a-string.yaml:7:14: parameters.Ids.default: the default of a parameter of type StringList must be a list of strings, got \"i-1\"")),
                Arguments.of("14-minchars-above-maxchars.yaml", List.of(
                        "bad/14-minchars-above-maxchars.yaml:5:15: parameters.InstanceId.minChars: minChars 10 is greater than maxChars 5")),
                Arguments.of("16-duplicate-step-name.yaml", List.of(
                        "bad/16-duplicate-step-name.yaml:12:11: step Reboot: mainSteps[1].name: duplicate step name 'Reboot' (first at line 6)")),
                Arguments.of("17-step-without-action.yaml", List.of(
                        "bad/17-step-without-action.yaml:6:5: step Reboot: mainSteps[0]: missing required field 'action'")),
                Arguments.of("18-misspelt-action.yaml", List.of(
                        "bad/18-misspelt-action.yaml:7:13: step Reboot: mainSteps[0].action: unknown action 'aws:executeAwsAPi' (did you mean 'aws:executeAwsApi'?)")),
                Arguments.of("19-action-that-is-not-an-action-name.yaml", List.of(
                        "bad/19-action-that-is-not-an-action-name.yaml:7:13: step Reboot: mainSteps[0].action: action 'ec2:RebootInstances' is not an action name (aws: followed by letters)")),
                Arguments.of("20-misspelt-step-property.yaml", List.of(
                        "bad/20-misspelt-step-property.yaml:12:5: step Reboot: mainSteps[0].onfailure: unknown field 'onfailure' (did you mean 'onFailure'?); a step has: action, description, inputs, isCritical, isEnd, maxAttempts, name, nextStep, onCancel, onFailure, outputs, timeoutSeconds")),
                Arguments.of("21-onfailure-value.yaml", List.of(
                        "bad/21-onfailure-value.yaml:12:16: step Reboot: mainSteps[0].onFailure: onFailure must be Abort, Continue or step:<name>, got \"Retry\"")),
                Arguments.of("22-onfailure-to-a-missing-step.yaml", List.of(
                        "bad/22-onfailure-to-a-missing-step.yaml:12:16: step Reboot: mainSteps[0].onFailure: onFailure names step 'Rollback', which does not exist")),
                Arguments.of("23-nextstep-to-a-misspelt-step.yaml", List.of(
                        "bad/23-nextstep-to-a-misspelt-step.yaml:12:15: step Reboot: mainSteps[0].nextStep: nextStep names step 'Reboott', which does not exist (did you mean 'Reboot'?)")),
                Arguments.of("24-maxattempts-zero.yaml", List.of(
                        "bad/24-maxattempts-zero.yaml:12:18: step Reboot: mainSteps[0].maxAttempts: expected an integer from 1 to 2147483647, got 0")),
                Arguments.of("25-isend-not-a-boolean.yaml", List.of(
                        "bad/25-isend-not-a-boolean.yaml:12:12: step Reboot: mainSteps[0].isEnd: expected true or false, got \"maybe\"")),
                Arguments.of("26-unknown-runcommand-input.yaml", List.of(
                        "bad/26-unknown-runcommand-input.yaml:10:7: step Run: mainSteps[0].inputs.InstanceId: unknown input 'InstanceId' of aws:runCommand (did you mean 'InstanceIds'?); it takes: AlarmConfiguration, CloudWatchOutputConfig, Comment, DocumentHash, DocumentHashType, DocumentName, DocumentVersion, InstanceIds, MaxConcurrency, MaxErrors, NotificationConfig, OutputS3BucketName, OutputS3KeyPrefix, OutputS3Region, Parameters, ServiceRoleArn, Targets, TimeoutSeconds")),
                Arguments.of("27-runcommand-without-documentname.yaml", List.of(
                        "bad/27-runcommand-without-documentname.yaml:9:7: step Run: mainSteps[0].inputs: missing required input 'DocumentName' of aws:runCommand")),
                Arguments.of("28-executeawsapi-without-api.yaml", List.of(
                        "bad/28-executeawsapi-without-api.yaml:9:7: step Call: mainSteps[0].inputs: missing required input 'Api' of aws:executeAwsApi")),
                Arguments.of("29-misspelt-parameter-reference.yaml", List.of(
                        "bad/29-misspelt-parameter-reference.yaml:11:21: step Reboot: mainSteps[0].inputs.InstanceIds[0]: {{ InstanceID }} names no parameter or step output (did you mean 'InstanceId'?)")),
                Arguments.of("30-ssm-parameter-in-a-step-input.yaml", List.of(
                        "bad/30-ssm-parameter-in-a-step-input.yaml:11:21: step Reboot: mainSteps[0].inputs.InstanceIds[0]: {{ssm:/fleet/instance}} is not allowed in step inputs (AWS: InvalidDocumentContent); use it as a parameter default instead")),
                Arguments.of("31-unknown-global-variable.yaml", List.of(
                        "bad/31-unknown-global-variable.yaml:12:18: step Tag: mainSteps[0].inputs.Tags[0].Value: unknown variable {{ global:TIME }}; global variables are global:ACCOUNT_ID, global:AWS_PARTITION, global:DATE, global:DATE_TIME, global:REGION")),
                Arguments.of("32-unknown-automation-variable.yaml", List.of(
                        "bad/32-unknown-automation-variable.yaml:12:18: step Tag: mainSteps[0].inputs.Tags[0].Value: unknown variable {{ automation:ID }}; the only automation variable is automation:EXECUTION_ID")),
                Arguments.of("33-undeclared-runbook-variable.yaml", List.of(
                        "bad/33-undeclared-runbook-variable.yaml:9:13: step Count: mainSteps[0].inputs.Name: runbook variable 'count' is not declared in variables")),
                Arguments.of("35-key-built-from-a-reference.yaml", List.of(
                        "bad/35-key-built-from-a-reference.yaml:11:7: step Call: mainSteps[0].inputs.{{ InstanceId }}: a key cannot be built from a reference ('{{ InstanceId }}'): AWS rejects step definitions built from variables")),
                Arguments.of("37-reference-to-a-missing-step.yaml", List.of(
                        "bad/37-reference-to-a-missing-step.yaml:15:21: step Tag: mainSteps[1].inputs.ResourceIds[0]: {{ Launch.InstanceIds }} names step 'Launch', which does not exist")),
                Arguments.of("38-reference-to-its-own-output.yaml", List.of(
                        "bad/38-reference-to-its-own-output.yaml:10:20: step Launch: mainSteps[0].inputs.ClientToken: {{ Launch.InstanceIds }} refers to the outputs of this very step, which do not exist yet")),
                Arguments.of("39-cycle-through-nextstep.yaml", List.of(
                        "bad/39-cycle-through-nextstep.yaml:6:5: step First: mainSteps[0]: the steps form a cycle: First -> Second -> First (AWS rejects step graphs with cycles; repeat steps with aws:loop)")),
                Arguments.of("40-branch-choice-without-nextstep.yaml", List.of(
                        "bad/40-branch-choice-without-nextstep.yaml:10:11: step Choose: mainSteps[0].inputs.Choices[0]: missing required field 'NextStep'")),
                Arguments.of("41-branch-choice-with-two-operators.yaml", List.of(
                        "bad/41-branch-choice-with-two-operators.yaml:10:11: step Choose: mainSteps[0].inputs.Choices[0]: a choice takes exactly one operator, got StringEquals, StartsWith")),
                Arguments.of("42-branch-with-a-misspelt-operator.yaml", List.of(
                        "bad/42-branch-with-a-misspelt-operator.yaml:12:11: step Choose: mainSteps[0].inputs.Choices[0].StringEqual: unknown field 'StringEqual' (did you mean 'StringEquals'?); a choice has: And, BooleanEquals, Contains, EndsWith, EqualsIgnoreCase, NextStep, Not, NumericEquals, NumericGreater, NumericGreaterOrEquals, NumericLesser, NumericLesserOrEquals, Or, StartsWith, StringEquals, Variable")),
                Arguments.of("43-branch-default-to-a-missing-step.yaml", List.of(
                        "bad/43-branch-default-to-a-missing-step.yaml:13:16: step Choose: mainSteps[0].inputs.Default: Default names step 'Skip', which does not exist")),
                Arguments.of("44-loop-with-iterators-and-loopcondition.yaml", List.of(
                        "bad/44-loop-with-iterators-and-loopcondition.yaml:9:7: step Each: mainSteps[0].inputs: a loop takes Iterators or LoopCondition, not both")),
                Arguments.of("45-loop-maxiterations-above-100.yaml", List.of(
                        "bad/45-loop-maxiterations-above-100.yaml:10:22: step Each: mainSteps[0].inputs.MaxIterations: expected an integer from 1 to 100, got 101")),
                Arguments.of("46-oncancel-on-a-loop.yaml", List.of(
                        "bad/46-oncancel-on-a-loop.yaml:8:15: step Each: mainSteps[0].onCancel: onCancel is not allowed on an aws:loop step (only on the steps inside it)")),
                Arguments.of("47-jump-into-a-loop-body.yaml", List.of(
                        "bad/47-jump-into-a-loop-body.yaml:12:15: step Reboot: mainSteps[0].nextStep: nextStep cannot jump to step 'Nap' inside the loop Each from outside it")),
                Arguments.of("48-sleep-duration-not-iso-8601.yaml", List.of(
                        "bad/48-sleep-duration-not-iso-8601.yaml:9:17: step Wait: mainSteps[0].inputs.Duration: Duration must be an ISO-8601 duration such as PT10M, got \"10 minutes\"")),
                Arguments.of("49-sleep-with-duration-and-timestamp.yaml", List.of(
                        "bad/49-sleep-with-duration-and-timestamp.yaml:9:7: step Wait: mainSteps[0].inputs: aws:sleep takes exactly one of Duration (e.g. PT10M) or Timestamp")),
                Arguments.of("50-updatevariable-name-without-prefix.yaml", List.of(
                        "bad/50-updatevariable-name-without-prefix.yaml:13:13: step Count: mainSteps[0].inputs.Name: Name must be variable:<name>, got \"count\"")),
                Arguments.of("51-changeinstancestate-desiredstate.yaml", List.of(
                        "bad/51-changeinstancestate-desiredstate.yaml:10:21: step Bounce: mainSteps[0].inputs.DesiredState: DesiredState must be one of running, stopped, terminated, got \"rebooted\"")),
                Arguments.of("52-oncancel-to-a-sleep.yaml", List.of(
                        "bad/52-oncancel-to-a-sleep.yaml:12:15: step Reboot: mainSteps[0].onCancel: onCancel cannot go to step Wait: the cancel path may not run aws:sleep")),
                Arguments.of("53-output-with-an-unknown-type.yaml", List.of(
                        "bad/53-output-with-an-unknown-type.yaml:15:15: step Reboot: mainSteps[0].outputs[0].Type: unknown output type 'Str'; expected String, StringList, Integer, Boolean, MapList or StringMap")),
                Arguments.of("54-document-output-of-a-missing-step.yaml", List.of(
                        "bad/54-document-output-of-a-missing-step.yaml:6:5: outputs[0]: output Rebot.Output names step 'Rebot', which does not exist (did you mean 'Reboot'?)")),
                Arguments.of("55-command-precondition-with-three-operands.yaml", List.of(
                        "bad/55-command-precondition-with-three-operands.yaml:10:21: step say: mainSteps[0].precondition.StringEquals: StringEquals takes exactly two operands, got 3")),
                Arguments.of("57-command-runshellscript-without-runcommand.yaml", List.of(
                        "bad/57-command-runshellscript-without-runcommand.yaml:10:7: step say: mainSteps[0].inputs: missing required input 'runCommand' of aws:runShellScript")),
                Arguments.of("58-command-document-with-a-global-variable.yaml", List.of(
                        "bad/58-command-document-with-a-global-variable.yaml:10:20: step say: mainSteps[0].inputs.runCommand[0]: unknown variable {{ global:REGION }}; Command documents have no global variables")),
                Arguments.of("59-command-document-with-a-step-output-reference.yaml", List.of(
                        "bad/59-command-document-with-a-step-output-reference.yaml:10:20: step say: mainSteps[0].inputs.runCommand[0]: {{ say.Output }} names no parameter (Command documents have no step outputs)")),
                Arguments.of("60-json-syntax-error.json", List.of(
                        "bad/60-json-syntax-error.json:4:41: invalid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name")),
                Arguments.of("61-json-unknown-action.json", List.of(
                        "bad/61-json-unknown-action.json:6:17: step Wait: mainSteps[0].action: unknown action 'aws:slep' (did you mean 'aws:sleep'?)")),
                Arguments.of("62-yaml-duplicate-key.yaml", List.of(
                        "bad/62-yaml-duplicate-key.yaml:13:5: mainSteps[0].maxAttempts: duplicate key 'maxAttempts' (first at line 12)"))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void isRejectedWithItsExactErrors(String file, List<String> expected) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/runbook/bad/" + file)) {
            assertThat(in).as("test resource " + file).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        Validation v = validator.validate("bad/" + file, text);

        assertThat(v).isInstanceOf(Validation.Invalid.class);
        assertThat(((Validation.Invalid) v).errors()).map(DocumentError::toString).containsExactlyElementsOf(expected);
    }
}
