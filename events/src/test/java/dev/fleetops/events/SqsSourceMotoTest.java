package dev.fleetops.events;

import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

class SqsSourceMotoTest extends SqsSourceContract {

    SqsAsyncClient client;

    @BeforeEach
    void moto() {
        MotoServer server = MotoServer.shared();
        server.reset();
        client = server.cloud().sqs();
    }

    @Override
    SqsAsyncClient sqs() {
        return client;
    }
}
