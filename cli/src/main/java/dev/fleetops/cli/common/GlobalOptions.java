package dev.fleetops.cli.common;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options every command takes. Inherited by subcommands, so they may stand before or after the command name. */
public final class GlobalOptions {

    /** The global options, from any subcommand (declared once, as the root's mixin "global", and inherited). */
    public static GlobalOptions of(picocli.CommandLine.Model.CommandSpec spec) {
        return (GlobalOptions) spec.root().mixins().get("global").userObject();
    }

    public enum CloudKind { sim, aws }

    public enum Format { text, json, yaml, table }

    @Option(names = "--cloud", scope = ScopeType.INHERIT, paramLabel = "sim|aws",
            description = "Where to act: sim (default: the embedded simulated region, safe) or aws (real AWS).")
    public CloudKind cloud = CloudKind.sim;

    @Option(names = "--scenario", scope = ScopeType.INHERIT, paramLabel = "FILE|NAME",
            description = "Simulator only: a scenario file or a built-in name (web, asg-launch). Default: web.")
    public String scenario = "web";

    @Option(names = "--scenario-param", scope = ScopeType.INHERIT, paramLabel = "NAME=VALUE",
            description = "Simulator only: set a scenario parameter, e.g. size=100 for asg-launch. Repeatable.")
    public Map<String, String> scenarioParams = new LinkedHashMap<>();

    @Option(names = "--seed", scope = ScopeType.INHERIT, paramLabel = "N",
            description = "Simulator only: random seed; the same seed gives the same run, ids included.")
    public Long seed;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION",
            description = "AWS region (aws: else AWS_REGION, AWS_DEFAULT_REGION, the profile's region; none is an error. "
                    + "sim: the scenario's).")
    public String region;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "AWS only: a profile of ~/.aws/config and ~/.aws/credentials (else AWS_PROFILE, else default): "
                    + "its credentials (keys, role_arn, SSO), region and endpoint_url.")
    public String profile;

    @Option(names = "--endpoint-url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "AWS only: one endpoint for every service, e.g. a local emulator (http://127.0.0.1:5000); "
                    + "else AWS_ENDPOINT_URL or the profile's endpoint_url.")
    public URI endpointUrl;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "text|json|yaml|table",
            description = "Output format: text (default, for people), json or yaml (for programs, in the API's own "
                    + "shapes), table (boxes, as the AWS CLI draws them).")
    public Format output = Format.text;

    @Option(names = "--query", scope = ScopeType.INHERIT, paramLabel = "JMESPATH",
            description = "A JMESPath expression applied to the result document before it is printed, as the AWS "
                    + "CLI's --query, e.g. --query 'AutomationExecution.StepExecutions[].StepStatus'.")
    public String query;

    @Option(names = "--log-level", scope = ScopeType.INHERIT, paramLabel = "error|warn|info|debug",
            description = "What the log on stderr shows (default: info for serve, warn for the other commands).")
    public Logging.LogLevel logLevel;

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "The log's lines: text (default) or json, one object per line (timestamp, level, logger, "
                    + "message and fields such as instance, action, outcome, executionId) for log shippers.")
    public Logging.LogFormat logFormat = Logging.LogFormat.text;

    /** The log level of {@code command}: the option, else info for the daemon and warn for one-shot commands. */
    public Logging.LogLevel logLevel(String command) {
        return logLevel != null ? logLevel : "serve".equals(command) ? Logging.LogLevel.info : Logging.LogLevel.warn;
    }

    /** Whether the command prints its result document (see {@link Output}) rather than its text for people. */
    public boolean structured() {
        return output != Format.text || query != null;
    }
}
