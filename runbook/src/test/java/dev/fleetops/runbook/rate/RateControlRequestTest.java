package dev.fleetops.runbook.rate;

import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate-control flags, checked before anything runs; every error names its flag. */
class RateControlRequestTest {

    static final Set<String> PARAMS = new LinkedHashSet<>(List.of("InstanceId", "TargetGroupArn"));

    static RateControlRequest of(String targets, String param, String concurrency, String errors) {
        return RateControlRequest.of("Graceful", PARAMS, Map.of(), targets, param, concurrency, errors);
    }

    static void rejects(String targets, String param, String concurrency, String errors, String message) {
        assertThatThrownBy(() -> of(targets, param, concurrency, errors)).isInstanceOf(InputError.class)
                .hasMessage(message);
    }

    @Test
    void tagTargetsAndDefaults() {
        RateControlRequest r = of("tag:aws:autoscaling:groupName=web", "InstanceId", null, null);
        assertThat(r.targets()).isEqualTo(new Targets.Tag("aws:autoscaling:groupName", List.of("web")));
        assertThat(r.limits()).isEqualTo(new RateLimits("10", "0"));
        assertThat(of("i-1, i-2,i-1", "InstanceId", "10%", "1").targets())
                .isEqualTo(new Targets.Values(List.of("i-1", "i-2")));
    }

    @Test
    void theTargetParameterIsRequiredCaseSensitiveAndMustBeADocumentParameter() {
        rejects("tag:Role=web", null, null, null, "--target-parameter-name: required with --targets: the document"
                + " parameter that receives each target (one of: InstanceId, TargetGroupArn)");
        rejects("tag:Role=web", "instanceId", null, null, "--target-parameter-name: 'instanceId' is not a parameter of"
                + " Graceful (did you mean 'InstanceId'? names are case-sensitive); its parameters: InstanceId, TargetGroupArn");
        rejects(null, "InstanceId", null, null, "--target-parameter-name: applies to rate-controlled runs only: give"
                + " --targets tag:KEY=VALUE or a list of ids");
        rejects(null, null, "5", null, "--max-concurrency: applies to rate-controlled runs only: give --targets"
                + " tag:KEY=VALUE or a list of ids");
        assertThatThrownBy(() -> RateControlRequest.of("Graceful", PARAMS, Map.of("InstanceId", List.of("i-1")),
                "tag:Role=web", "InstanceId", null, null)).hasMessage("--target-parameter-name: 'InstanceId' is also"
                + " given with -p: under rate control each target sets it; drop -p InstanceId=...");
    }

    @Test
    void limitsFollowTheApiPatterns() {
        for (String ok : List.of("1", "10", "1%", "10%", "99%", "100%", "1000000")) {
            assertThat(of("i-1", "InstanceId", ok, "0").limits().maxConcurrency()).isEqualTo(ok);
        }
        for (String ok : List.of("0", "0%", "9%", "10%", "100%", "5")) {
            assertThat(of("i-1", "InstanceId", "1", ok).limits().maxErrors()).isEqualTo(ok);
        }
        String c = "': expected a number of targets (1 or more) or a percentage of them (1% to 100%), matching "
                + "^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$";
        for (String bad : List.of("0", "0%", "101%", "05", "1.5", "10 %", "-1", "ten", "12345678")) {
            rejects("i-1", "InstanceId", bad, "0", "--max-concurrency: invalid value '" + bad + c);
        }
        String e = "': expected a number of errors (0 or more) or a percentage of the targets (0% to 100%), matching "
                + "^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$";
        for (String bad : List.of("-1", "00", "101%", "50 %", "x", "")) {
            rejects("i-1", "InstanceId", "1", bad, "--max-errors: invalid value '" + bad + e);
        }
    }

    @Test
    void malformedTargets() {
        rejects("tag:Role", "InstanceId", null, null, "--targets: 'tag:Role': expected tag:KEY=VALUE, e.g. tag:Role=web");
        rejects("tag:=web", "InstanceId", null, null,
                "--targets: 'tag:=web': the tag key must be 1-128 letters, digits, spaces or _.:/=+-@");
        rejects("tag:Role=", "InstanceId", null, null, "--targets: 'tag:Role=': no tag value after '='");
        rejects("Role=web", "InstanceId", null, null,
                "--targets: 'Role=web': expected tag:KEY=VALUE or a list of ids; did you mean tag:Role=web?");
        rejects(" ", "InstanceId", null, null, "--targets: expected tag:KEY=VALUE or a list of ids, got nothing");
    }

    @Test
    void theAwsCliFormsOfTargetsParseToTheSameTargets() {
        Targets.Tag web = new Targets.Tag("aws:autoscaling:groupName", List.of("web"));
        assertThat(of("Key=tag:aws:autoscaling:groupName,Values=web", "InstanceId", null, null).targets()).isEqualTo(web);
        assertThat(of("[{\"Key\": \"tag:aws:autoscaling:groupName\", \"Values\": [\"web\"]}]", "InstanceId", null, null)
                .targets()).isEqualTo(web);
        assertThat(of("Key=ParameterValues,Values=i-1,i-2", "InstanceId", null, null).targets())
                .isEqualTo(new Targets.Values(List.of("i-1", "i-2")));
        assertThat(of("Key=tag:Env,Values=prod,staging Key=tag:Role,Values=web", "InstanceId", null, null).targets())
                .isEqualTo(new Targets.Tags(List.of(new Targets.Tag("Env", List.of("prod", "staging")),
                        new Targets.Tag("Role", List.of("web")))));
    }

    @Test
    void malformedTargetsNameTheFlagAndWhatWasExpected() {
        rejects("Key=tag:Env", "InstanceId", null, null, "--targets: 'Key=tag:Env': expected Key=NAME,Values=VALUE[,VALUE...]");
        rejects("Key=InstanceIds,Values=i-1", "InstanceId", null, null, "--targets: Key=InstanceIds: expected tag:NAME or ParameterValues");
        rejects("Key=ParameterValues,Values=i-1 Key=tag:Env,Values=prod", "InstanceId", null, null,
                "--targets: Key=ParameterValues cannot be combined with other targets");
        assertThat(of("Key=ResourceGroup,Values=web", "InstanceId", null, null).targets()).isEqualTo(new Targets.ResourceGroup("web"));
        rejects("Key=ResourceGroup,Values=web,db", "InstanceId", null, null, "--targets: Key=ResourceGroup takes one group"
                + " and no other target (SSM: only one resource group or tag can be specified at a time)");
        rejects("[{\"Key\": 1}]", "InstanceId", null, null,
                "--targets: each target is {\"Key\": \"tag:NAME\", \"Values\": [\"VALUE\"]}, got {\"Key\":1}");
        assertThatThrownBy(() -> of("[{\"Key\": ", "InstanceId", null, null)).isInstanceOf(InputError.class)
                .hasMessageStartingWith("--targets: not valid JSON: Unexpected end-of-input");
        String six = String.join(" ", java.util.stream.IntStream.range(0, 6).mapToObj(i -> "Key=tag:K" + i + ",Values=v").toList());
        rejects(six, "InstanceId", null, null, "--targets: expected 1 to 5 targets (Key=...,Values=...), got 6");
    }

    @Test
    void targetMapsGiveEachChildItsParametersAndAreCheckedAgainstTheDocument() {
        RateControlRequest r = RateControlRequest.ofMaps("Graceful", PARAMS, Map.of("TargetGroupArn", List.of("arn:tg")),
                "[{\"InstanceId\": [\"i-1\"]}, {\"InstanceId\": \"i-2\"}]", "1", null);
        assertThat(r.targets()).isEqualTo(new Targets.Maps(List.of(Map.of("InstanceId", List.of("i-1")),
                Map.of("InstanceId", List.of("i-2")))));
        assertThat(r.targetParameterName()).isNull();
        var plan = RateControl.plan(r, List.of("{\"InstanceId\":[\"i-1\"]}", "{\"InstanceId\":[\"i-2\"]}"));
        assertThat(plan.childParameters().apply(plan.targets().get(1)))
                .isEqualTo(Map.of("TargetGroupArn", List.of("arn:tg"), "InstanceId", List.of("i-2")));
        assertThat(RateControl.Plan.fromJournal("Graceful", plan.journaled())).hasValueSatisfying(p ->
                assertThat(p.childParameters().apply(p.targets().get(0)))
                        .isEqualTo(Map.of("TargetGroupArn", List.of("arn:tg"), "InstanceId", List.of("i-1"))));

        assertThatThrownBy(() -> RateControlRequest.ofMaps("Graceful", PARAMS, Map.of(), "[{\"instanceId\": [\"i-1\"]}]", null, null))
                .hasMessage("--target-maps: map 1: 'instanceId' is not a parameter of Graceful (did you mean 'InstanceId'?);"
                        + " its parameters: InstanceId, TargetGroupArn");
        assertThatThrownBy(() -> RateControlRequest.ofMaps("Graceful", PARAMS, Map.of("InstanceId", List.of("i-9")),
                "[{\"InstanceId\": [\"i-1\"]}]", null, null)).hasMessage("--target-maps: map 1: 'InstanceId' is also given"
                + " with -p; a parameter is set either for every child (-p) or per child (--target-maps)");
        assertThatThrownBy(() -> RateControlRequest.ofMaps("Graceful", PARAMS, Map.of(), "[]", null, null))
                .hasMessage("--target-maps: expected a JSON list of 1 to 300 maps, e.g. [{\"InstanceId\": [\"i-1\"]}]");
        assertThatThrownBy(() -> RateControlRequest.ofMaps("Graceful", PARAMS, Map.of(), "[{\"InstanceId\": []}]", null, null))
                .hasMessage("--target-maps: map 1, InstanceId: expected a value or a non-empty list of values");
    }
}
