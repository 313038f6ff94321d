package dev.fleetops.sim.wire;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The AWS CLI and boto3 as the server's clients: run as processes with test credentials, the region, no instance
 * metadata lookup and a config file of their own (nothing of the user's profile leaks in). A tool that is missing
 * skips the calling test with a visible message, or fails it when its {@code FLEETOPS_REQUIRE_*} variable is 1 (CI).
 */
final class Clients {

    static final String REQUIRE_AWS_CLI = "FLEETOPS_REQUIRE_AWS_CLI";
    static final String REQUIRE_BOTO3 = "FLEETOPS_REQUIRE_BOTO3";
    static final String REQUIRE_QUERY_BOTOCORE = "FLEETOPS_REQUIRE_QUERY_BOTOCORE";

    /**
     * A botocore that still speaks SQS's query protocol: 1.34.22, vendored by the Google Cloud CLI's Debian package
     * (google-cloud-cli). botocore moved SQS to JSON 1.0 in 2024, so the machine's own boto3 sends JSON.
     */
    static final Path QUERY_BOTOCORE = Path.of("/usr/lib/google-cloud-sdk/lib/third_party");

    record Result(int exit, String out, String err) { }

    private final URI endpoint;
    private final Path home;

    Clients(URI endpoint, Path home) {
        this.endpoint = endpoint;
        this.home = home;
    }

    /** {@code aws --endpoint-url URL --output json args...}. */
    Result aws(String... args) {
        List<String> cmd = new ArrayList<>(List.of("aws", "--endpoint-url", endpoint.toString(), "--output", "json"));
        cmd.addAll(List.of(args));
        return run(cmd, Map.of());
    }

    /** {@code python3 -c script}, with {@code AWS_ENDPOINT_URL} naming the server (boto3 reads it). */
    Result python(String script) {
        return run(List.of("python3", "-c", script), Map.of());
    }

    /** {@code python3 -c script} importing the query-speaking botocore first ({@link #QUERY_BOTOCORE}). */
    Result queryBotocore(String script) {
        return run(List.of("python3", "-c", script), Map.of("PYTHONPATH", QUERY_BOTOCORE.toString()));
    }

    static void requireAwsCli() {
        require(REQUIRE_AWS_CLI, "the AWS CLI (aws) is not installed", List.of("aws", "--version"));
    }

    static void requireQueryBotocore() {
        require(REQUIRE_QUERY_BOTOCORE, "no botocore that speaks SQS's query protocol (google-cloud-cli's, in " + QUERY_BOTOCORE + ")",
                List.of("python3", "-c", "import sys; sys.path.insert(0, '" + QUERY_BOTOCORE + "'); import botocore.session; "
                        + "assert botocore.session.get_session().get_service_model('sqs').protocol == 'query'"));
    }

    static void requireBoto3() {
        require(REQUIRE_BOTO3, "python3 with boto3 is not installed", List.of("python3", "-c", "import boto3"));
    }

    private static void require(String env, String missing, List<String> probe) {
        boolean present;
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (present) return;
        if ("1".equals(System.getenv(env))) throw new IllegalStateException(missing + " (" + env + "=1 requires it)");
        Assumptions.assumeTrue(false, missing + ": skipped (set " + env + "=1 to fail instead)");
    }

    private Result run(List<String> cmd, Map<String, String> extraEnv) {
        try {
            Path config = home.resolve("aws-config");
            if (!Files.exists(config)) Files.writeString(config, "[default]\nregion = us-east-1\n");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("AWS_ACCESS_KEY_ID", "test");
            env.put("AWS_SECRET_ACCESS_KEY", "test");
            env.put("AWS_DEFAULT_REGION", "us-east-1");
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            env.put("AWS_CONFIG_FILE", config.toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("aws-credentials").toString());
            env.put("AWS_ENDPOINT_URL", endpoint.toString());
            env.put("AWS_PAGER", "");
            env.putAll(extraEnv);
            Path out = home.resolve("out.txt");
            Path err = home.resolve("err.txt");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) { // a safety net for a hung client, not a measure of anything
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
