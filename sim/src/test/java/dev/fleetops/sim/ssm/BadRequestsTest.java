package dev.fleetops.sim.ssm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.CommandStatus;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.DuplicateInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InstanceInformationStringFilter;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;
import software.amazon.awssdk.services.ssm.model.InvocationDoesNotExistException;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.Target;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static dev.fleetops.sim.ssm.SsmFixture.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

/** Every request SSM refuses, with AWS's error code. */
class BadRequestsTest {

    SsmFixture f;
    String id;

    @BeforeEach
    void setUp() {
        f = new SsmFixture();
        id = f.online(1).get(0);
    }

    String send(Consumer<SendCommandRequest.Builder> request) {
        var e = f.error(f.ssm.sendCommand(b -> {
            b.documentName("AWS-RunShellScript").instanceIds(id).parameters(Map.of("commands", List.of("uptime")));
            request.accept(b);
        }));
        return e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }

    @Test
    void aGoodRequestAnswersPending() {
        var c = f.await(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(id)
                .comment("uptime please").parameters(Map.of("commands", List.of("uptime"))))).command();
        assertThat(c.status()).isEqualTo(CommandStatus.PENDING);
        assertThat(c.statusDetails()).isEqualTo("Pending");
        assertThat(c.comment()).isEqualTo("uptime please");
        assertThat(c.maxConcurrency()).isEqualTo("50");
        assertThat(c.maxErrors()).isEqualTo("0");
        assertThat(c.expiresAfter()).isEqualTo(c.requestedDateTime().plusSeconds(7200));
    }

    @Test
    void sendCommandRefusals() {
        assertThat(send(b -> b.instanceIds("i-0123456789abcdef0")))
                .isEqualTo("InvalidInstanceId: Instances [[i-0123456789abcdef0]] not in a valid state for account "
                        + "123456789012");
        assertThat(send(b -> b.instanceIds("web-1"))).startsWith("ValidationException: 1 validation error detected: "
                + "Value 'web-1' at 'instanceIds' failed to satisfy constraint");
        assertThat(send(b -> b.instanceIds(id, id))).startsWith("DuplicateInstanceId:");
        assertThat(send(b -> b.documentName("NoSuchDocument")))
                .isEqualTo("InvalidDocument: Document with name NoSuchDocument does not exist.");
        assertThat(send(b -> b.documentName(null))).startsWith("ValidationException:").contains("'documentName'");
        assertThat(send(b -> b.documentVersion("7"))).startsWith("InvalidDocumentVersion:");
        assertThat(send(b -> b.parameters(Map.of()))).isEqualTo(
                "InvalidParameters: Parameter \"commands\" is required but was not specified.");
        assertThat(send(b -> b.parameters(Map.of("commands", List.of("x"), "color", List.of("red")))))
                .isEqualTo("InvalidParameters: Parameter \"color\" is not defined in the document.");
        assertThat(send(b -> b.parameters(Map.of("commands", List.of("x"), "executionTimeout", List.of("soon")))))
                .startsWith("InvalidParameters: Parameter \"executionTimeout\" \"soon\" fails to match required pattern");
        assertThat(send(b -> b.parameters(Map.of("commands", List.of("x"), "executionTimeout", List.of("1", "2")))))
                .startsWith("InvalidParameters: Parameter \"executionTimeout\" is of type String");
        assertThat(send(b -> b.instanceIds(List.of()))).startsWith("InvalidParameters: Either InstanceIds or Targets");
        assertThat(send(b -> b.targets(Target.builder().key("tag:Role").values("web").build())))
                .startsWith("InvalidParameters: InstanceIds and Targets can't be specified together");
        assertThat(send(b -> b.instanceIds(List.of()).targets(Target.builder().key("Region").values("x").build())))
                .startsWith("InvalidTarget:");
        assertThat(send(b -> b.maxConcurrency("0"))).isEqualTo("ValidationException: 1 validation error detected: "
                + "Value '0' at 'maxConcurrency' failed to satisfy constraint: Member must satisfy regular expression "
                + "pattern: ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$");
        assertThat(send(b -> b.maxErrors("-1"))).startsWith("ValidationException:").contains("'maxErrors'");
        assertThat(send(b -> b.timeoutSeconds(29))).isEqualTo("ValidationException: 1 validation error detected: "
                + "Value '29' at 'timeoutSeconds' failed to satisfy constraint: Member must have value greater than "
                + "or equal to 30");
        assertThat(send(b -> b.timeoutSeconds(2592001))).contains("less than or equal to 2592000");
    }

    @Test
    void refusalsAreTheModeledExceptionTypes() {
        assertThat(f.error(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript")
                .instanceIds("i-0123456789abcdef0").parameters(Map.of("commands", List.of("x"))))))
                .isInstanceOf(InvalidInstanceIdException.class)
                .satisfies(e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(f.error(f.ssm.sendCommand(b -> b.documentName("Nope").instanceIds(id))))
                .isInstanceOf(InvalidDocumentException.class);
        assertThat(f.error(f.ssm.sendCommand(b -> b.documentName("AWS-RunShellScript").instanceIds(id, id)
                .parameters(Map.of("commands", List.of("x")))))).isInstanceOf(DuplicateInstanceIdException.class);
        assertThat(f.error(f.ssm.getCommandInvocation(b -> b.commandId("00000000-0000-4000-8000-000000000000")
                .instanceId(id)))).isInstanceOf(InvocationDoesNotExistException.class);
    }

    @Test
    void anAutomationDocumentCannotBeSentAsACommand() {
        f.await(f.ssm.createDocument(b -> b.name("Runbook").documentType(DocumentType.AUTOMATION)
                .documentFormat(DocumentFormat.YAML).content(DocumentsAndNodesTest.AUTOMATION)));
        assertThat(send(b -> b.documentName("Runbook"))).startsWith("InvalidDocument: Document Runbook of type "
                + "Automation can't be sent as a command");
    }

    @Test
    void aDocumentWithAnUnmodelledPluginCannotBeSent() {
        f.await(f.ssm.createDocument(b -> b.name("Inventory").documentFormat(DocumentFormat.YAML).content("""
                schemaVersion: "2.2"
                mainSteps:
                  - {action: aws:softwareInventory, name: inventory, inputs: {applications: Enabled}}
                """)));
        assertThat(send(b -> b.documentName("Inventory").parameters(Map.of())))
                .startsWith("InvalidDocument: Step inventory uses aws:softwareInventory");
    }

    @Test
    void invocationQueriesRefusals() {
        String cmd = f.shell(List.of(id), "uptime");
        f.finish(cmd);
        String other = "00000000-0000-4000-8000-000000000000";
        assertCode(f.error(f.ssm.getCommandInvocation(b -> b.commandId(other).instanceId(id))),
                "InvocationDoesNotExist");
        assertCode(f.error(f.ssm.getCommandInvocation(b -> b.commandId(cmd).instanceId("i-0000000000000000f"))),
                "InvocationDoesNotExist");
        assertCode(f.error(f.ssm.getCommandInvocation(b -> b.commandId("abc").instanceId(id))), "ValidationException");
        assertCode(f.error(f.ssm.getCommandInvocation(b -> b.commandId(cmd))), "ValidationException");
        assertCode(f.error(f.ssm.getCommandInvocation(b -> b.commandId(cmd).instanceId(id).pluginName("nope"))),
                "InvalidPluginName");
        assertCode(f.error(f.ssm.listCommandInvocations(b -> b.commandId(other))), "InvalidCommandId");
        assertCode(f.error(f.ssm.listCommands(b -> b.commandId(other))), "InvalidCommandId");
        assertCode(f.error(f.ssm.cancelCommand(b -> b.commandId(other))), "InvalidCommandId");
        assertCode(f.error(f.ssm.listCommands(b -> b.maxResults(51))), "ValidationException");
        assertCode(f.error(f.ssm.listCommands(b -> b.nextToken("garbage"))), "InvalidNextToken");
        assertCode(f.error(f.ssm.listCommands(b -> b.filters(x -> x.key("InvokedAfter").value("yesterday")))),
                "InvalidFilterValue");
        assertCode(f.error(f.ssm.describeInstanceInformation(b -> b.filters(
                InstanceInformationStringFilter.builder().key("Color").values("red").build()))), "InvalidFilterKey");
        assertCode(f.error(f.ssm.describeInstanceInformation(b -> b.filters(
                InstanceInformationStringFilter.builder().key("PingStatus").build()))),
                "InvalidInstanceInformationFilterValue");
        assertCode(f.error(f.ssm.describeInstanceInformation(b -> b.maxResults(4))), "ValidationException");
    }

    @Test
    void documentRefusals() {
        String good = """
                {"schemaVersion": "2.2", "mainSteps": [
                  {"action": "aws:runShellScript", "name": "a", "inputs": {"runCommand": ["true"]}}]}
                """;
        f.await(f.ssm.createDocument(b -> b.name("Mine").content(good)));
        assertCode(f.error(f.ssm.createDocument(b -> b.name("Mine").content(good))), "DocumentAlreadyExists");
        assertCode(f.error(f.ssm.createDocument(b -> b.name("AWS-Mine").content(good))), "ValidationException");
        assertCode(f.error(f.ssm.createDocument(b -> b.name("x").content(good))), "ValidationException");
        assertCode(f.error(f.ssm.createDocument(b -> b.name("NoContent"))), "ValidationException");
        assertCode(f.error(f.ssm.createDocument(b -> b.name("Broken").content("{\"schemaVersion\": "))),
                "InvalidDocumentContent");
        assertCode(f.error(f.ssm.createDocument(b -> b.name("NoSteps").content("{\"schemaVersion\": \"2.2\"}"))),
                "InvalidDocumentContent");
        assertCode(f.error(f.ssm.createDocument(b -> b.name("NoSchema").content("{\"mainSteps\": []}"))),
                "InvalidDocumentSchemaVersion");
        assertCode(f.error(f.ssm.createDocument(b -> b.name("Auto22").documentType(DocumentType.AUTOMATION)
                .content(good))), "InvalidDocumentSchemaVersion");
        assertCode(f.error(f.ssm.getDocument(b -> b.name("Missing"))), "InvalidDocument");
        assertCode(f.error(f.ssm.describeDocument(b -> b.name("Missing"))), "InvalidDocument");
        assertThat(f.error(f.ssm.createDocument(b -> b.name("Broken").content("{\"schemaVersion\": ")))
                .awsErrorDetails().errorMessage()).startsWith("Broken.json:1:");
    }
}
