package dev.fleetops.cloud;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileLocation;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Settings a flag does not give come from the environment and then from the named profile, in the AWS CLI's and
 * SDKs' order ("AWS SDKs and Tools Reference Guide: AWS Region", "Shared config and credentials files",
 * "Service-specific endpoints"). The whole profile counts: its region and endpoint_url, and its credentials
 * (static keys, role_arn with source_profile, credential_process, SSO) through the SDK's profile support; the
 * same profile is handed to every client, so per-service settings of the profile apply too. No region anywhere is
 * an error, never a silent default.
 */
final class AwsProfile {

    private final ProfileFile files;
    private final String name;
    private final boolean named;
    private final UnaryOperator<String> env;

    private AwsProfile(ProfileFile files, String name, boolean named, UnaryOperator<String> env) {
        this.files = files;
        this.name = name;
        this.named = named;
        this.env = env;
    }

    /** The profile {@code --profile} names, else AWS_PROFILE's, else "default" (which may be absent). */
    static AwsProfile load(Optional<String> flag, UnaryOperator<String> env) {
        ProfileFile files;
        try {
            files = ProfileFile.defaultProfileFile();
        } catch (RuntimeException e) {
            throw new CloudSetupException("cannot read the AWS config files (" + locations() + "): " + e.getMessage());
        }
        Optional<String> fromEnv = setting("aws.profile", "AWS_PROFILE", env);
        String name = flag.or(() -> fromEnv).orElse("default");
        boolean named = flag.isPresent() || fromEnv.isPresent();
        if (named && files.profile(name).isEmpty()) {
            throw new CloudSetupException("the config profile (" + name + ") could not be found in " + locations()
                    + (flag.isPresent() ? "" : " (named by AWS_PROFILE)") + "; list them with `aws configure list-profiles`");
        }
        return new AwsProfile(files, name, named, env);
    }

    ProfileFile files() {
        return files;
    }

    String name() {
        return name;
    }

    /** --region, else AWS_REGION (aws.region), else AWS_DEFAULT_REGION, else the profile's region. */
    Region region(Optional<String> flag) {
        Optional<String> region = flag
                .or(() -> setting("aws.region", "AWS_REGION", env))
                .or(() -> Optional.ofNullable(env.apply("AWS_DEFAULT_REGION")).filter(s -> !s.isBlank()))
                .or(() -> property(ProfileProperty.REGION));
        return Region.of(region.orElseThrow(() -> new CloudSetupException(
                "no AWS region is configured: pass --region REGION, set AWS_REGION, or add `region = REGION` to the "
                        + (named ? "profile " + name : "default profile") + " in " + locations())));
    }

    /**
     * The endpoint every service uses, for messages: --endpoint-url, else AWS_ENDPOINT_URL, else the profile's
     * endpoint_url. Only the flag is set on the clients; the SDK itself applies the others (and service-specific ones).
     */
    Optional<URI> endpoint(Optional<URI> flag) {
        return flag.or(() -> setting("aws.endpointUrl", "AWS_ENDPOINT_URL", env)
                .or(() -> property(ProfileProperty.ENDPOINT_URL)).map(URI::create));
    }

    /**
     * A named profile gives the credentials alone (as `aws --profile`); otherwise the SDK's default chain
     * (environment, web identity, the default profile, container, instance metadata). Resolved once here, so a
     * missing credential is one clear message before anything runs, not a failure of every call.
     */
    AwsCredentialsProvider credentials() {
        AwsCredentialsProvider provider = named
                ? ProfileCredentialsProvider.builder().profileFile(files).profileName(name).build()
                : DefaultCredentialsProvider.builder().profileFile(() -> files).profileName(name).build();
        try {
            provider.resolveCredentials();
        } catch (SdkException | IllegalStateException e) {
            throw new CloudSetupException(named
                    ? "unable to get credentials from profile " + name + " in " + locations() + ": " + firstLine(e)
                    : "Unable to locate credentials. You can configure credentials by running \"aws configure\", by"
                    + " setting AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or with --profile NAME (AWS_PROFILE)");
        }
        return provider;
    }

    private Optional<String> property(String key) {
        return files.profile(name).flatMap((Profile p) -> p.property(key)).filter(s -> !s.isBlank());
    }

    private static Optional<String> setting(String systemProperty, String variable, UnaryOperator<String> env) {
        return Optional.ofNullable(System.getProperty(systemProperty)).or(() -> Optional.ofNullable(env.apply(variable)))
                .filter(s -> !s.isBlank());
    }

    private static String locations() {
        return ProfileFileLocation.configurationFilePath() + " or " + ProfileFileLocation.credentialsFilePath();
    }

    /** The SDK's chain failure lists every provider it tried (kilobytes); its first sentence is the useful part. */
    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int cut = m.indexOf(": [");
        return (cut > 0 ? m.substring(0, cut) : m).lines().findFirst().orElse(m);
    }
}
