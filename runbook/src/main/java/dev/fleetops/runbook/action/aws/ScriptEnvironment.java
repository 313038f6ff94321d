package dev.fleetops.runbook.action.aws;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.WireAccess;
import dev.fleetops.runbook.action.ActionFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The environment of an aws:executeScript script on the simulated region: boto3 (1.28+ reads
 * {@code AWS_ENDPOINT_URL} for every service: AWS SDKs and Tools Reference Guide, "Service-specific endpoints")
 * reaches the run's own region on a loopback port with test credentials, and nothing of the user's AWS set-up
 * leaks in (every {@code AWS_*} variable is dropped; config and credentials files are empty files of the script's
 * own directory; no instance metadata). boto3 does not retry ({@code AWS_MAX_ATTEMPTS=1}): the simulator's gate
 * retries on virtual time, as for the run's own calls, so a run repeats.
 */
final class ScriptEnvironment {

    /** Python the runner executes first: {@code time.sleep} runs virtual time, {@code time.time} reads it. */
    static final String VIRTUAL_TIME = """
            if os.environ.get("FLEETOPS_SIM_ENDPOINT"):
                import time, urllib.request, datetime
                _fleetops_now = [float(os.environ["FLEETOPS_SIM_CLOCK"])]
                def _fleetops_sleep(seconds):
                    if seconds <= 0:
                        return
                    req = urllib.request.Request(os.environ["FLEETOPS_SIM_ENDPOINT"] + "/_fleetops/advance?seconds="
                                                 + repr(float(seconds)), method="POST", data=b"")
                    with urllib.request.urlopen(req) as r:
                        clock = json.load(r)["Clock"]
                    _fleetops_now[0] = datetime.datetime.fromisoformat(clock.replace("Z", "+00:00")).timestamp()
                time.sleep = _fleetops_sleep
                time.time = lambda: _fleetops_now[0]
            """;

    private ScriptEnvironment() { }

    /** Fills {@code env} for a script run in {@code dir} against {@code cloud}'s wire endpoint, the clock at {@code now}. */
    static void onSimulator(Cloud cloud, Instant now, Path dir, Map<String, String> env) throws IOException {
        WireAccess wire = cloud.wire().orElseThrow(() -> new ActionFailure(ActionFailure.Type.Internal,
                "aws:executeScript: " + cloud.describe() + " is not served to scripts in this process"));
        WireAccess.Endpoint e = wire.open();
        env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("BOTO_"));
        Path config = Files.writeString(dir.resolve("aws-config"), "");
        Path credentials = Files.writeString(dir.resolve("aws-credentials"), "");
        env.put("AWS_CONFIG_FILE", config.toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", credentials.toString());
        env.put("AWS_ENDPOINT_URL", e.url().toString());
        env.put("AWS_ACCESS_KEY_ID", e.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", e.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", e.region());
        env.put("AWS_REGION", e.region());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_RETRY_MODE", "standard");
        env.put("FLEETOPS_SIM_ENDPOINT", e.url().toString());
        env.put("FLEETOPS_SIM_CLOCK", now.getEpochSecond() + "." + String.format(java.util.Locale.ROOT, "%09d", now.getNano()));
    }

    /** Whether a script's last error line says boto3 (or botocore) cannot be imported. */
    static boolean missingBoto3(String lastLine) {
        return lastLine.contains("No module named 'boto3'") || lastLine.contains("No module named 'botocore'");
    }
}
