package dev.fleetops.cloud;

import dev.fleetops.testing.MotoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where region, endpoint and credentials come from on AWS: the flag, the environment, then the whole named profile,
 * as the AWS CLI takes them. The config files are temporary ones (aws.configFile / aws.sharedCredentialsFile);
 * instance metadata is disabled, so nothing leaves loopback.
 */
class AwsProfileTest {

    private static final List<String> PROPERTIES = List.of("aws.configFile", "aws.sharedCredentialsFile", "aws.region",
            "aws.profile", "aws.endpointUrl", "aws.accessKeyId", "aws.secretAccessKey", "aws.sessionToken",
            "aws.disableEc2Metadata");

    @TempDir
    Path dir;
    private final Map<String, String> saved = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final UnaryOperator<String> environment = env::get;

    @BeforeEach
    void isolate() {
        for (String p : PROPERTIES) {
            String v = System.getProperty(p);
            if (v != null) saved.put(p, v);
            System.clearProperty(p);
        }
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("aws.configFile", dir.resolve("config").toString());
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("credentials").toString());
    }

    @AfterEach
    void restore() {
        PROPERTIES.forEach(System::clearProperty);
        saved.forEach(System::setProperty);
    }

    @Test
    void aNamedProfileGivesItsRegionEndpointAndCredentialsNotTheDefaultProfiles() throws IOException {
        MotoServer moto = MotoServer.shared();
        write("config", "[default]\nregion = us-west-2\nendpoint_url = http://127.0.0.1:9\n\n"
                + "[profile moto]\nregion = eu-west-3\nendpoint_url = " + moto.endpoint() + "\n");
        write("credentials", "[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = x\n\n"
                + "[moto]\naws_access_key_id = MOTOKEY\naws_secret_access_key = y\n");

        try (Cloud cloud = AwsCloud.create(new AwsSettings(Optional.empty(), Optional.of("moto"), Optional.empty()), environment)) {
            assertThat(cloud.region()).isEqualTo("eu-west-3");
            assertThat(cloud.describe()).contains("profile moto").contains(moto.endpoint().toString());
            // The call reaches moto (the profile's endpoint_url), not the default profile's closed port.
            var regions = cloud.client(Ec2AsyncClient.class).describeAvailabilityZones(b -> { }).join();
            assertThat(regions.availabilityZones()).isNotEmpty()
                    .allSatisfy(z -> assertThat(z.regionName()).isEqualTo("eu-west-3"));
        }
    }

    @Test
    void aRoleProfileAssumesItsRoleWithTheSourceProfilesKeys() throws IOException {
        MotoServer moto = MotoServer.shared();
        // The SDK's own STS client (the one the profile's role_arn is assumed through) takes the endpoint from
        // AWS_ENDPOINT_URL, as every SDK does ("Service-specific endpoints"); the credentials come from source_profile.
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        write("config", "[profile ops]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/fleet-ops\n"
                + "role_session_name = maintenance\nsource_profile = base\n\n[profile base]\nregion = eu-west-1\n");
        write("credentials", "[base]\naws_access_key_id = BASEKEY\naws_secret_access_key = y\n");
        try (Cloud cloud = AwsCloud.create(new AwsSettings(Optional.empty(), Optional.of("ops"), Optional.empty()), environment)) {
            assertThat(cloud.region()).isEqualTo("eu-west-1");
            var who = cloud.client(software.amazon.awssdk.services.sts.StsAsyncClient.class).getCallerIdentity(b -> { }).join();
            // moto answers GetCallerIdentity with the role the keys were issued for: the profile's role was assumed
            assertThat(who.arn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/fleet-ops/maintenance");
        }
    }

    @Test
    void aRoleProfileWhoseSourceProfileIsMissingIsNamedInTheError() throws IOException {
        write("config", "[profile ops]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/fleet-ops\n"
                + "source_profile = nowhere\n");
        assertThatThrownBy(() -> AwsCloud.create(new AwsSettings(Optional.empty(), Optional.of("ops"), Optional.empty()), environment))
                .isInstanceOf(CloudSetupException.class)
                .hasMessageStartingWith("unable to get credentials from profile ops")
                .hasMessageContaining("nowhere")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    @Test
    void theFlagAndTheEnvironmentComeBeforeTheProfile() throws IOException {
        write("config", "[profile moto]\nregion = eu-west-3\nendpoint_url = http://127.0.0.1:9\n");
        write("credentials", "[moto]\naws_access_key_id = MOTOKEY\naws_secret_access_key = y\n");
        env.put("AWS_REGION", "ap-south-1");
        try (Cloud cloud = AwsCloud.create(new AwsSettings(Optional.empty(), Optional.of("moto"),
                Optional.of(URI.create("http://127.0.0.1:5555"))), environment)) {
            assertThat(cloud.region()).isEqualTo("ap-south-1");
            assertThat(cloud.describe()).contains("http://127.0.0.1:5555").doesNotContain(":9");
        }
        try (Cloud cloud = AwsCloud.create(new AwsSettings(Optional.of("sa-east-1"), Optional.of("moto"),
                Optional.empty()), environment)) {
            assertThat(cloud.region()).isEqualTo("sa-east-1");
        }
    }

    @Test
    void awsProfileNamesTheProfileWhenNoFlagDoes() throws IOException {
        write("config", "[profile ops]\nregion = ca-central-1\n");
        write("credentials", "[ops]\naws_access_key_id = OPSKEY\naws_secret_access_key = y\n");
        env.put("AWS_PROFILE", "ops");
        try (Cloud cloud = AwsCloud.create(AwsSettings.defaults(), environment)) {
            assertThat(cloud.region()).isEqualTo("ca-central-1");
        }
    }

    @Test
    void aProfileThatDoesNotExistIsNamedInTheError() throws IOException {
        write("config", "[default]\nregion = us-west-2\n");
        assertThatThrownBy(() -> AwsCloud.create(new AwsSettings(Optional.empty(), Optional.of("prod"), Optional.empty()), environment))
                .isInstanceOf(CloudSetupException.class)
                .hasMessageContaining("the config profile (prod) could not be found")
                .hasMessageContaining(dir.resolve("config").toString());
    }

    @Test
    void noRegionAnywhereIsAnErrorNotUsEast1() throws IOException {
        write("credentials", "[default]\naws_access_key_id = K\naws_secret_access_key = y\n");
        assertThatThrownBy(() -> AwsCloud.create(AwsSettings.defaults(), environment))
                .isInstanceOf(CloudSetupException.class)
                .hasMessageContaining("no AWS region is configured")
                .hasMessageContaining("--region");
    }

    @Test
    void missingCredentialsAreOneShortMessage() throws IOException {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null,
                "this machine's environment holds AWS credentials; the no-credentials case cannot be staged");
        write("config", "[default]\nregion = us-west-2\n");
        assertThatThrownBy(() -> AwsCloud.create(AwsSettings.defaults(), environment))
                .isInstanceOf(CloudSetupException.class)
                .hasMessage("Unable to locate credentials. You can configure credentials by running \"aws configure\", by"
                        + " setting AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or with --profile NAME (AWS_PROFILE)");
    }

    @Test
    void aProfileWithoutCredentialsSaysWhichProfile() throws IOException {
        write("config", "[profile empty]\nregion = us-west-2\n");
        assertThatThrownBy(() -> AwsCloud.create(new AwsSettings(Optional.empty(), Optional.of("empty"), Optional.empty()), environment))
                .isInstanceOf(CloudSetupException.class)
                .hasMessageStartingWith("unable to get credentials from profile empty")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(400));
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text);
    }
}
