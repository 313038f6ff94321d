package dev.fleetops.sim.scenario;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.Locations;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.source.InputError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.sts.model.StsException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several Regions (and accounts) in one simulation: each holds what its {@code regions} item says, with its own
 * state and ids, on the first Region's clock; the cloud reaches them as TargetLocations do (the role assumed).
 */
class RegionsScenarioTest {

    static final String OTHER = "111122223333";

    @TempDir
    Path dir;
    SimRegion clock;

    /** web in us-east-1 (3 instances); web with 2 in eu-west-1 of the same account; one instance in another account. */
    static String twoRegions() {
        return Scenarios.builtinText("web") + """

                regions:
                  - region: eu-west-1
                    scenario: web
                    scenarioParams: {size: 2}
                  - region: eu-west-1
                    account: "%s"
                    launchTemplates:
                      - {name: lone, tags: {Name: lone}}
                    instances:
                      - {name: lone, launchTemplate: lone}
                """.formatted(OTHER);
    }

    @Test
    void eachRegionHoldsWhatItsItemSaysOnOneClock() {
        Scenario s = ScenarioReader.read("regions.yaml", twoRegions(), Map.of());
        assertThat(s.regions()).extracting(r -> r.accountId() + "/" + r.region())
                .containsExactly(SimRegion.DEFAULT_ACCOUNT + "/eu-west-1", OTHER + "/eu-west-1");
        assertThat(s.regions().get(0).groups()).singleElement().satisfies(g -> assertThat(g.desired()).isEqualTo(2));
        assertThat(s.regions().get(1).timings()).as("timings default to the scenario's").isEqualTo(s.timings());

        SimRegion home = Scenarios.start(s);
        clock = home;
        Scenarios.settle(home, Scenarios.DEFAULT_SETTLE);

        assertThat(home.regions()).hasSize(3).first().isSameAs(home);
        SimRegion west = home.region(SimRegion.DEFAULT_ACCOUNT, "eu-west-1").orElseThrow();
        SimRegion other = home.region(OTHER, "eu-west-1").orElseThrow();
        assertThat(west.scheduler()).isSameAs(home.scheduler());
        assertThat(group(home.cloud()).instances()).hasSize(3);
        assertThat(group(west.cloud()).instances()).hasSize(2);
        assertThat(west.cloud().region()).isEqualTo("eu-west-1");
        List<String> homeIds = instances(home.cloud()).stream().map(Instance::instanceId).toList();
        List<String> westIds = instances(west.cloud()).stream().map(Instance::instanceId).toList();
        assertThat(westIds).as("each Region its own ids").doesNotContainAnyElementsOf(homeIds);
        assertThat(instances(west.cloud())).allSatisfy(i -> assertThat(i.placement().availabilityZone()).startsWith("eu-west-1"));
        assertThat(instances(other.cloud())).singleElement().satisfies(i ->
                assertThat(i.tags()).anySatisfy(t -> assertThat(t.value()).isEqualTo("lone")));
        assertThat(groups(home.cloud())).as("a Region's state is its own").hasSize(1);
        assertThat(groups(other.cloud())).isEmpty();
    }

    @Test
    void theCloudReachesEachLocationThroughTheExecutionRole() {
        SimRegion home = Scenarios.start(ScenarioReader.read("regions.yaml", twoRegions(), Map.of()));
        Locations reach = home.cloud().locations().orElseThrow();

        Cloud west = await(home, reach.at(SimRegion.DEFAULT_ACCOUNT, "eu-west-1", Locations.DEFAULT_ROLE).toCompletableFuture());
        assertThat(west.region()).isEqualTo("eu-west-1");
        assertThat(west).isSameAs(home.region(SimRegion.DEFAULT_ACCOUNT, "eu-west-1").orElseThrow().cloud());
        Cloud self = await(home, reach.at(SimRegion.DEFAULT_ACCOUNT, SimRegion.DEFAULT_REGION, Locations.DEFAULT_ROLE).toCompletableFuture());
        assertThat(self).isSameAs(home.cloud());
        assertThat(home.context().gate().calls("sts", "AssumeRole")).isEqualTo(2);

        assertThatThrownBy(() -> await(home, reach.at(OTHER, "eu-west-1", "Ops").toCompletableFuture()))
                .hasCauseInstanceOf(StsException.class).hasMessageContaining("not authorized to perform: sts:AssumeRole on"
                        + " resource: arn:aws:iam::" + OTHER + ":role/Ops");
        assertThatThrownBy(() -> await(home, reach.at("999999999999", "eu-west-1", Locations.DEFAULT_ROLE).toCompletableFuture()))
                .hasMessageContaining("account 999999999999 is not in the simulation");
        assertThatThrownBy(() -> await(home, reach.at(OTHER, "us-west-2", Locations.DEFAULT_ROLE).toCompletableFuture()))
                .hasMessageContaining("the simulation has no Region us-west-2 in account " + OTHER + " (it has eu-west-1)");
    }

    @Test
    void executionRolesNameTheRolesThatCanBeAssumed() {
        SimRegion home = Scenarios.start(ScenarioReader.read("roles.yaml", "executionRoles: [Ops]\n", Map.of()));
        Locations reach = home.cloud().locations().orElseThrow();
        assertThat(await(home, reach.at(SimRegion.DEFAULT_ACCOUNT, SimRegion.DEFAULT_REGION, "Ops").toCompletableFuture()))
                .isSameAs(home.cloud());
        assertThatThrownBy(() -> await(home, reach.at(SimRegion.DEFAULT_ACCOUNT, SimRegion.DEFAULT_REGION,
                Locations.DEFAULT_ROLE).toCompletableFuture())).hasMessageContaining("execution roles: Ops");
        assertThat(Scenarios.start(Scenarios.load("web", Map.of())).regions()).as("by default one Region").hasSize(1);
    }

    @Test
    void aRegionsScenarioFileIsFoundNextToTheScenario() throws Exception {
        Files.writeString(dir.resolve("small.yaml"), "launchTemplates: [{name: small}]\ninstances: [{name: a, launchTemplate: small}]\n");
        Path main = Files.writeString(dir.resolve("main.yaml"), "regions:\n  - {region: ap-south-1, scenario: small.yaml}\n");
        Scenario s = Scenarios.load(main.toString(), Map.of());
        assertThat(s.regions()).singleElement().satisfies(r -> {
            assertThat(r.region()).isEqualTo("ap-south-1");
            assertThat(r.instances()).hasSize(1);
        });
    }

    @Test
    void mistakesNameTheLineAndField() {
        assertThatThrownBy(() -> ScenarioReader.read("r.yaml", "regions:\n  - {region: us-east-1}\n", Map.of()))
                .isInstanceOf(InputError.class)
                .hasMessage("r.yaml:2:14: regions[0].region: the scenario already has Region us-east-1 in account 123456789012");
        assertThatThrownBy(() -> ScenarioReader.read("r.yaml", "regions:\n  - {region: eu-west-1, scenario: web, groups: []}\n", Map.of()))
                .isInstanceOf(InputError.class).hasMessageContaining("regions[0].groups: give either scenario");
        assertThatThrownBy(() -> ScenarioReader.read("r.yaml", "regions:\n  - {region: eu-west-1, scenario: webb}\n", Map.of()))
                .isInstanceOf(InputError.class).hasMessageContaining("r.yaml:2:35: regions[0].scenario: 'webb': no such scenario file")
                .hasMessageContaining("did you mean 'web'");
        assertThatThrownBy(() -> ScenarioReader.read("r.yaml", "regions:\n  - {regoin: eu-west-1}\n", Map.of()))
                .isInstanceOf(InputError.class).hasMessageContaining("unknown field 'regoin' (did you mean 'region'?)");
        assertThatThrownBy(() -> ScenarioReader.read("r.yaml", "regions:\n  - {region: Europe}\n", Map.of()))
                .isInstanceOf(InputError.class).hasMessageContaining("expected a region such as eu-west-1");
        assertThatThrownBy(() -> ScenarioReader.read("r.yaml", "executionRoles: ['no spaces']\n", Map.of()))
                .isInstanceOf(InputError.class).hasMessageContaining("expected an IAM role name");
    }

    private AutoScalingGroup group(Cloud cloud) {
        return groups(cloud).get(0);
    }

    private List<AutoScalingGroup> groups(Cloud cloud) {
        return await(clock, cloud.autoScaling().describeAutoScalingGroups(b -> { })).autoScalingGroups();
    }

    private List<Instance> instances(Cloud cloud) {
        return await(clock, cloud.ec2().describeInstances(b -> { })).reservations().stream().flatMap(r -> r.instances().stream()).toList();
    }

    private static <T> T await(SimRegion region, CompletableFuture<T> f) {
        region.scheduler().runUntil(f::isDone, Duration.ofMinutes(1));
        return f.join();
    }
}
