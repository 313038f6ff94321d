package dev.fleetops.sim.wire;

import dev.fleetops.sim.region.SimContext;
import software.amazon.awssdk.services.sts.StsAsyncClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.util.concurrent.CompletableFuture;

/**
 * STS as far as clients need it to start: {@code GetCallerIdentity}, which the AWS CLI, Terraform and many scripts
 * call first. Every caller is the region's one user; there is no IAM behind it.
 */
final class SimStsClient implements StsAsyncClient {

    static final String USER = "fleetops-sim";

    private final SimContext ctx;

    SimStsClient(SimContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() { }

    @Override
    public CompletableFuture<GetCallerIdentityResponse> getCallerIdentity(GetCallerIdentityRequest r) {
        return ctx.gate().call("sts", "GetCallerIdentity", () -> GetCallerIdentityResponse.builder()
                .account(ctx.accountId()).userId("AIDAFLEETOPSSIMULATED")
                .arn("arn:aws:iam::" + ctx.accountId() + ":user/" + USER).build());
    }
}
