package dev.fleetops.cli.events;

import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code serve} in an environment it cannot work in stops at once with exit code 3 and one line naming what is
 * wrong, no stack trace: its HTTP intake's port is taken; its SQS queue does not exist (moto). A real process: the token comes from its environment.
 */
class ServeEnvironmentErrorsTest {

    @TempDir
    Path dir;

    record Ended(int exitCode, List<String> err) { }

    Ended serve(String serveYaml, String... global) throws Exception {
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: log-all
                    pattern: {source: [aws.ec2]}
                    handler: log
                """);
        Path cfg = Files.writeString(dir.resolve("serve.yaml"), serveYaml);
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.fleetops.cli.Main"));
        cmd.addAll(List.of(global));
        cmd.addAll(List.of("serve", "--store", dir.resolve("store").toString(), "--config", cfg.toString(), "--for", "1s"));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("AWS_ACCESS_KEY_ID", "testing"); // moto takes any keys; no real credential is read
        pb.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
        pb.environment().put("AWS_CONFIG_FILE", dir.resolve("no-config").toString());
        pb.environment().put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("no-credentials").toString());
        pb.environment().put("FLEETOPS_EVENTS_TOKEN", ServeKillTest.TOKEN);
        pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Path log = dir.resolve("serve.log");
        pb.redirectError(log.toFile());
        Process p = pb.start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("serve ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Ended(p.exitValue(), Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    @Test
    void aTakenHttpPortIsOneLineAndExit3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Ended e = serve("rules: rules.yaml\nhttp: {listen: 127.0.0.1:" + port + ", token-env: FLEETOPS_EVENTS_TOKEN}\n");
            String err = String.join("\n", e.err());
            assertThat(e.exitCode()).as(err).isEqualTo(ExitCodes.ENVIRONMENT);
            List<String> fleetops = e.err().stream().filter(l -> l.startsWith("fleetops: ")).toList();
            assertThat(fleetops).as(err).hasSize(1);
            assertThat(fleetops.get(0)).contains("127.0.0.1:" + port).contains("in use");
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
        }
    }

    @Test
    void aQueueUrlThatDoesNotExistIsOneLineAndExit3() throws Exception {
        MotoServer moto = MotoServer.shared();
        String url = moto.endpoint() + "/" + MotoServer.ACCOUNT + "/no-such-queue";
        Ended e = serve("rules: rules.yaml\nsqs:\n  - queue-url: " + url + "\n",
                "--cloud", "aws", "--region", MotoServer.REGION, "--endpoint-url", moto.endpoint().toString());
        String err = String.join("\n", e.err());
        assertThat(e.exitCode()).as(err).isEqualTo(ExitCodes.ENVIRONMENT);
        List<String> fleetops = e.err().stream().filter(l -> l.startsWith("fleetops: ")).toList();
        assertThat(fleetops).as(err).hasSize(1);
        assertThat(fleetops.get(0)).contains("the queue does not exist").contains("check the queue URL");
        assertThat(err).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
