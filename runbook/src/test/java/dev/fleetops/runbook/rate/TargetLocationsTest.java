package dev.fleetops.runbook.rate;

import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --target-locations} read as SSM's TargetLocation list, and the parent plan it makes. */
class TargetLocationsTest {

    @Test
    void accountsTimesRegionsInOrderWithSsmsDefaults() {
        TargetLocations t = TargetLocations.parse("""
                [{"Accounts": ["111111111111", "222222222222"], "Regions": ["us-east-1", "eu-west-1"]},
                 {"Accounts": ["111111111111"], "Regions": ["us-east-1", "ap-south-1"], "ExecutionRoleName": "Ops"}]""");
        assertThat(t.locations()).extracting(TargetLocations.Location::value).containsExactly("111111111111/us-east-1",
                "111111111111/eu-west-1", "222222222222/us-east-1", "222222222222/eu-west-1", "111111111111/us-east-1",
                "111111111111/ap-south-1");
        assertThat(t.locations().get(0).executionRoleName()).isEqualTo("AWS-SystemsManager-AutomationExecutionRole");
        assertThat(t.locations().get(4).executionRoleName()).isEqualTo("Ops"); // another role: another location
        assertThat(t.limits()).isEqualTo(new RateLimits("1", "0"));
    }

    @Test
    void theParentPlanIsJournaledWithItsRolesAndWhatEachLocationRuns() {
        TargetLocations t = TargetLocations.parse("[{\"Accounts\": [\"111111111111\"], \"Regions\": [\"us-east-1\"],"
                + " \"TargetLocationMaxConcurrency\": \"50%\", \"TargetLocationMaxErrors\": \"1\"},"
                + " {\"Accounts\": [\"222222222222\"], \"Regions\": [\"eu-west-1\"], \"ExecutionRoleName\": \"Ops\","
                + " \"TargetLocationMaxConcurrency\": \"50%\", \"TargetLocationMaxErrors\": \"1\"}]");
        RateControl.Plan plan = t.plan("Doc", Map.of("Level", List.of("3")), Optional.empty());
        assertThat(plan.targets()).containsExactly("111111111111/us-east-1", "222222222222/eu-west-1");
        assertThat(plan.childParameters().apply("111111111111/us-east-1")).isEqualTo(Map.of("Level", List.of("3")));
        assertThat(plan.limits()).isEqualTo(new RateLimits("50%", "1"));
        assertThat(RateControl.Plan.isLocations(plan.journaled())).isTrue();
        assertThat(RateControl.Plan.fromJournal("Doc", plan.journaled())).as("not a --targets parent").isEmpty();

        TargetLocations.Journaled once = TargetLocations.fromJournal("Doc", plan.journaled()).orElseThrow();
        assertThat(once.locations()).isEqualTo(t);
        assertThat(once.parameters()).isEqualTo(Map.of("Level", List.of("3")));
        assertThat(once.perLocation()).isEmpty();

        RateControlRequest perLocation = RateControlRequest.of("Doc", Set.of("InstanceId", "Level"), Map.of("Level", List.of("3")),
                "Key=tag:Env,Values=prod Key=tag:Role,Values=web,api", "InstanceId", "2", "10%");
        TargetLocations.Journaled twice = TargetLocations.fromJournal("Doc", t.plan("Doc", Map.of("Level", List.of("3")),
                Optional.of(perLocation)).journaled()).orElseThrow();
        assertThat(twice.perLocation()).hasValueSatisfying(r -> {
            assertThat(r.targets()).isEqualTo(perLocation.targets());
            assertThat(r.targetParameterName()).isEqualTo("InstanceId");
            assertThat(r.limits()).isEqualTo(new RateLimits("2", "10%"));
        });
        assertThat(twice.plan("Doc").journaled()).isEqualTo(t.plan("Doc", Map.of("Level", List.of("3")), Optional.of(perLocation)).journaled());
    }

    @Test
    void everyKindOfTargetIsJournaledAsSsmTargetJsonThatReadsBack() {
        for (String given : List.of("tag:Role=web,api", "i-1,i-2", "Key=ResourceGroup,Values=web-group",
                "Key=tag:Env,Values=prod Key=tag:Role,Values=web")) {
            Targets t = Targets.parse(given, "--targets");
            assertThat(Targets.parse(t.json(), "journal")).as(given).isEqualTo(t);
        }
    }

    @Test
    void whatFleetopsCannotDoIsRefusedNamingTheItemAndMember() {
        assertRefused("[{\"Accounts\": [\"ou-ab12-cdef3456\"], \"Regions\": [\"us-east-1\"]}]", "item 1: 'ou-ab12-cdef3456' is an organizational unit");
        assertRefused("[{\"Accounts\": [\"1234\"], \"Regions\": [\"us-east-1\"]}]", "item 1: '1234' is not an account id (12 digits)");
        assertRefused("[{\"Accounts\": [\"111111111111\"]}]", "item 1: Regions is required");
        assertRefused("[{\"Accounts\": [\"111111111111\"], \"Regions\": [\"us-east-1\"], \"ExcludeAccounts\": []}]",
                "item 1: ExcludeAccounts is not supported by fleetops");
        assertRefused("[{\"Accounts\": [\"111111111111\"], \"Regions\": [\"us-east-1\"]}, {\"Accounts\": [\"111111111111\"],"
                + " \"Regions\": [\"eu-west-1\"], \"TargetLocationMaxConcurrency\": \"2\"}]", "item 2: its TargetLocationMaxConcurrency");
        assertRefused("[{\"Accounts\": [\"111111111111\"], \"Regions\": [\"us-east-1\"], \"TargetLocationMaxErrors\": \"-1\"}]",
                "--target-locations TargetLocationMaxErrors");
        assertRefused("{}", "expected a JSON list of 1 to 100 TargetLocation objects");
    }

    private static void assertRefused(String json, String message) {
        assertThatThrownBy(() -> TargetLocations.parse(json)).isInstanceOf(InputError.class).hasMessageContaining(message);
    }
}
