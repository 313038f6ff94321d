package dev.fleetops.events;

import dev.fleetops.testing.ElasticMq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

class SqsSourceElasticMqTest extends SqsSourceContract {

    static ElasticMq server;

    @BeforeAll
    static void start() {
        server = new ElasticMq();
    }

    @AfterAll
    static void close() {
        server.close();
    }

    @Override
    SqsAsyncClient sqs() {
        return server.client();
    }
}
