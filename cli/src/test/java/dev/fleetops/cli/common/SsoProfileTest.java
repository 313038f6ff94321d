package dev.fleetops.cli.common;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SSO profile (sso_start_url, sso_account_id, sso_role_name) is honoured as the AWS CLI honours it: the SDK reads
 * the token `aws sso login` cached under ~/.aws/sso/cache, trades it for the role's credentials (GetRoleCredentials),
 * and signs the command's calls with them. A loopback stand-in answers both (AWS_ENDPOINT_URL points every client,
 * the SDK's own SSO client too, at it); fleetops runs as its own process with HOME at a temporary directory.
 */
class SsoProfileTest {

    private static final String START_URL = "https://fleetops-test.awsapps.com/start";

    @TempDir
    Path home;
    private HttpServer server;
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) server.stop(0);
    }

    @Test
    void theRolesCredentialsSignTheCommandsCalls() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            seen.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " token=" + ex.getRequestHeaders().getFirst("x-amz-sso_bearer_token")
                    + " auth=" + auth);
            byte[] body;
            int status;
            if (ex.getRequestURI().getPath().equals("/federation/credentials")) {
                status = 200;
                body = ("{\"roleCredentials\":{\"accessKeyId\":\"ASIASSOFLEETOPSTEST\",\"secretAccessKey\":\"s\","
                        + "\"sessionToken\":\"t\",\"expiration\":" + (System.currentTimeMillis() + 3_600_000) + "}}").getBytes(StandardCharsets.UTF_8);
            } else { // any service call: refused, the test only reads how it was signed
                status = 403;
                body = "<ErrorResponse><Error><Code>AccessDenied</Code><Message>stand-in</Message></Error></ErrorResponse>".getBytes(StandardCharsets.UTF_8);
            }
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        Path aws = Files.createDirectories(home.resolve(".aws"));
        Files.writeString(aws.resolve("config"), "[profile sso-ops]\nsso_start_url = " + START_URL + "\nsso_region = us-east-1\n"
                + "sso_account_id = 111122223333\nsso_role_name = FleetOps\nregion = eu-west-1\n");
        Path cache = Files.createDirectories(aws.resolve("sso").resolve("cache"));
        String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(START_URL.getBytes(StandardCharsets.UTF_8)));
        Files.writeString(cache.resolve(name + ".json"), "{\"startUrl\":\"" + START_URL + "\",\"region\":\"us-east-1\","
                + "\"accessToken\":\"cached-sso-token\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}");

        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.fleetops.cli.Main",
                "--cloud", "aws", "--profile", "sso-ops", "wait", "first-ready", "--asg", "web", "--timeout", "5s");
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("AWS_ENDPOINT_URL", url);
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();

        assertThat(out).doesNotContain("unable to get credentials").doesNotContain("\tat ");
        assertThat(seen).as(out).anyMatch(s -> s.startsWith("GET /federation/credentials")
                && s.contains("account_id=111122223333") && s.contains("role_name=FleetOps") && s.contains("token=cached-sso-token"));
        assertThat(seen).as("a service call signed with the role's keys").anyMatch(s -> s.startsWith("POST")
                && s.contains("Credential=ASIASSOFLEETOPSTEST/"));
    }
}
