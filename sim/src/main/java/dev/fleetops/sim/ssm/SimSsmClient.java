package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.ssm.SsmAsyncClient;
import software.amazon.awssdk.services.ssm.model.CancelCommandRequest;
import software.amazon.awssdk.services.ssm.model.CancelCommandResponse;
import software.amazon.awssdk.services.ssm.model.CreateDocumentRequest;
import software.amazon.awssdk.services.ssm.model.CreateDocumentResponse;
import software.amazon.awssdk.services.ssm.model.DescribeDocumentRequest;
import software.amazon.awssdk.services.ssm.model.DescribeDocumentResponse;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationRequest;
import software.amazon.awssdk.services.ssm.model.DescribeInstanceInformationResponse;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.GetDocumentRequest;
import software.amazon.awssdk.services.ssm.model.GetDocumentResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandInvocationsResponse;
import software.amazon.awssdk.services.ssm.model.ListCommandsRequest;
import software.amazon.awssdk.services.ssm.model.ListCommandsResponse;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;

import java.util.concurrent.CompletableFuture;

/** {@link SsmAsyncClient} over the simulated SSM: every modelled operation goes through the API gate. */
final class SimSsmClient implements SsmAsyncClient {

    private final SsmSim ssm;
    private final SimContext ctx;

    SimSsmClient(SsmSim ssm, SimContext ctx) {
        this.ssm = ssm;
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<SendCommandResponse> sendCommand(SendCommandRequest request) {
        return ctx.gate().call("ssm", "SendCommand", () -> ssm.sendCommand(request));
    }

    @Override
    public CompletableFuture<GetCommandInvocationResponse> getCommandInvocation(GetCommandInvocationRequest request) {
        return ctx.gate().call("ssm", "GetCommandInvocation", () -> ssm.getCommandInvocation(request));
    }

    @Override
    public CompletableFuture<ListCommandsResponse> listCommands(ListCommandsRequest request) {
        return ctx.gate().call("ssm", "ListCommands", () -> ssm.listCommands(request));
    }

    @Override
    public CompletableFuture<ListCommandInvocationsResponse> listCommandInvocations(
            ListCommandInvocationsRequest request) {
        return ctx.gate().call("ssm", "ListCommandInvocations", () -> ssm.listCommandInvocations(request));
    }

    @Override
    public CompletableFuture<CancelCommandResponse> cancelCommand(CancelCommandRequest request) {
        return ctx.gate().call("ssm", "CancelCommand", () -> ssm.cancelCommand(request));
    }

    @Override
    public CompletableFuture<DescribeInstanceInformationResponse> describeInstanceInformation(
            DescribeInstanceInformationRequest request) {
        return ctx.gate().call("ssm", "DescribeInstanceInformation", () -> ssm.describeInstanceInformation(request));
    }

    @Override
    public CompletableFuture<CreateDocumentResponse> createDocument(CreateDocumentRequest request) {
        return ctx.gate().call("ssm", "CreateDocument", () -> ssm.createDocument(request));
    }

    @Override
    public CompletableFuture<GetDocumentResponse> getDocument(GetDocumentRequest request) {
        return ctx.gate().call("ssm", "GetDocument", () -> ssm.getDocument(request));
    }

    @Override
    public CompletableFuture<DescribeDocumentResponse> describeDocument(DescribeDocumentRequest request) {
        return ctx.gate().call("ssm", "DescribeDocument", () -> ssm.describeDocument(request));
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }
}
