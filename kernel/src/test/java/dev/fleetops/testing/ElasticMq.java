package dev.fleetops.testing;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.net.URI;

/** ElasticMQ in-process on a free loopback port, with an SDK v2 SQS client for it. Close it after use. */
public final class ElasticMq implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;
    private final SqsAsyncClient client;

    public ElasticMq() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().withAWSRegion("us-east-1").start();
        port = server.waitUntilStarted().localAddress().getPort();
        client = SqsAsyncClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
    }

    public SqsAsyncClient client() {
        return client;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
