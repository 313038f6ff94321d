package dev.fleetops.cli.common;

import dev.fleetops.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An environment that cannot reach AWS as asked is answered like the AWS CLI answers it: one line saying what is
 * missing and how to provide it, exit code 3, no stack trace, before any command does anything.
 */
class AwsSetupErrorsTest {

    private static final List<String> PROPERTIES = List.of("aws.configFile", "aws.sharedCredentialsFile", "aws.region",
            "aws.profile", "aws.disableEc2Metadata");

    @TempDir
    Path dir;
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void emptyConfig() throws IOException {
        for (String p : PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) saved.put(p, v);
        }
        Files.writeString(dir.resolve("config"), "[profile nokeys]\nregion = eu-west-1\n");
        Files.writeString(dir.resolve("credentials"), "");
        System.setProperty("aws.configFile", dir.resolve("config").toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("credentials").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        System.clearProperty("aws.region");
        System.clearProperty("aws.profile");
    }

    @AfterEach
    void restore() {
        PROPERTIES.forEach(System::clearProperty);
        saved.forEach(System::setProperty);
    }

    @Test
    void anUnknownProfileIsNamed() {
        CliRun r = CliRun.of("wait", "first-ready", "--asg", "web", "--cloud", "aws", "--profile", "prod");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).startsWith("fleetops: the config profile (prod) could not be found")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aProfileWithoutCredentialsIsNamed() {
        CliRun r = CliRun.of("wait", "first-ready", "--asg", "web", "--cloud", "aws", "--profile", "nokeys");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).startsWith("fleetops: unable to get credentials from profile nokeys").doesNotContain("\tat ");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void noRegionIsAnErrorNotUsEast1() {
        String aws = System.getenv("AWS_REGION");
        org.junit.jupiter.api.Assumptions.assumeTrue(aws == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "AWS_REGION is set in this environment; the no-region case cannot be staged");
        CliRun r = CliRun.of("wait", "first-ready", "--asg", "web", "--cloud", "aws");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ENVIRONMENT);
        assertThat(r.err()).contains("no AWS region is configured").contains("--region").doesNotContain("\tat ");
    }
}
