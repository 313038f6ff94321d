package dev.fleetops.sim.resourcegroups;

import dev.fleetops.sim.SimRegion;
import dev.fleetops.time.VirtualScheduler;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2AsyncClient;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.resourcegroups.ResourceGroupsAsyncClient;
import software.amazon.awssdk.services.resourcegroups.model.ListGroupResourcesResponse;
import software.amazon.awssdk.services.resourcegroups.model.ResourceIdentifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tag-query resource groups through {@link ResourceGroupsAsyncClient}, answered as AWS Resource Groups answers. */
class ResourceGroupsSimTest {

    private final SimRegion region = SimRegion.empty();
    private final VirtualScheduler time = region.scheduler();
    private final Ec2AsyncClient ec2 = region.cloud().ec2();
    private final ResourceGroupsAsyncClient groups = region.cloud().client(ResourceGroupsAsyncClient.class);

    private <T> T await(CompletableFuture<T> f) {
        return time.await(f, Duration.ofMinutes(1));
    }

    private AwsServiceException failure(CompletableFuture<?> f) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> await(f)).satisfies(t -> caught[0] = t);
        Throwable c = caught[0];
        while (!(c instanceof AwsServiceException) && c.getCause() != null) c = c.getCause();
        return (AwsServiceException) c;
    }

    private List<String> launch(int n, Tag... tags) {
        List<String> ids = new ArrayList<>();
        await(ec2.runInstances(r -> r.imageId("ami-0abcdef1234567890").instanceType(InstanceType.T3_MICRO).minCount(n).maxCount(n)
                .tagSpecifications(t -> t.resourceType(ResourceType.INSTANCE).tags(tags))))
                .instances().forEach(i -> ids.add(i.instanceId()));
        return ids;
    }

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    private void create(String name, String query) {
        await(groups.createGroup(b -> b.name(name).resourceQuery(q -> q.type("TAG_FILTERS_1_0").query(query))));
    }

    private List<String> members(String name) {
        ListGroupResourcesResponse r = await(groups.listGroupResources(b -> b.group(name)));
        return r.resourceIdentifiers().stream().map(ResourceIdentifier::resourceArn).map(a -> a.substring(a.lastIndexOf('/') + 1)).toList();
    }

    @Test
    void aGroupHoldsTheInstancesCarryingEveryTagFilterWithOneOfItsValues() {
        List<String> webProd = launch(2, tag("Role", "web"), tag("Env", "prod"));
        List<String> webTest = launch(1, tag("Role", "web"), tag("Env", "test"));
        List<String> api = launch(1, tag("Role", "api"), tag("Env", "prod"));
        launch(1, tag("Role", "web"));

        create("web-prod", "{\"ResourceTypeFilters\":[\"AWS::EC2::Instance\"],"
                + "\"TagFilters\":[{\"Key\":\"Role\",\"Values\":[\"web\"]},{\"Key\":\"Env\",\"Values\":[\"prod\",\"staging\"]}]}");
        create("has-env", "{\"ResourceTypeFilters\":[\"AWS::AllSupported\"],\"TagFilters\":[{\"Key\":\"Env\",\"Values\":[]}]}");
        create("buckets", "{\"ResourceTypeFilters\":[\"AWS::S3::Bucket\"],\"TagFilters\":[{\"Key\":\"Env\"}]}");

        assertThat(members("web-prod")).containsExactlyElementsOf(webProd);
        List<String> withEnv = new ArrayList<>(webProd);
        withEnv.addAll(webTest);
        withEnv.addAll(api);
        assertThat(members("has-env")).containsExactlyElementsOf(withEnv); // no values: any value of the key
        assertThat(members("buckets")).isEmpty();
        // the group's ARN names it too, and the answer's ARNs are EC2's
        String arn = await(groups.getGroup(b -> b.groupName("web-prod"))).group().groupArn();
        assertThat(arn).isEqualTo("arn:aws:resource-groups:us-east-1:123456789012:group/web-prod");
        assertThat(await(groups.listGroupResources(b -> b.group(arn))).resources().get(0).identifier().resourceArn())
                .isEqualTo("arn:aws:ec2:us-east-1:123456789012:instance/" + webProd.get(0));

        // membership follows the tags and the instances' lives
        await(ec2.terminateInstances(b -> b.instanceIds(webProd.get(0))));
        time.runFor(Duration.ofMinutes(5)); // shutting-down, then terminated
        await(ec2.createTags(b -> b.resources(webTest.get(0)).tags(tag("Env", "staging"))));
        assertThat(members("web-prod")).containsExactly(webProd.get(1), webTest.get(0));
    }

    @Test
    void getGroupQueryAnswersTheQueryAsCreatedAndListingPages() {
        launch(3, tag("Role", "web"));
        String query = "{\"ResourceTypeFilters\":[\"AWS::EC2::Instance\"],\"TagFilters\":[{\"Key\":\"Role\",\"Values\":[\"web\"]}]}";
        create("web", query);
        create("other", query);
        var q = await(groups.getGroupQuery(b -> b.groupName("web"))).groupQuery();
        assertThat(q.groupName()).isEqualTo("web");
        assertThat(q.resourceQuery().typeAsString()).isEqualTo("TAG_FILTERS_1_0");
        assertThat(q.resourceQuery().query()).isEqualTo(query);

        ListGroupResourcesResponse first = await(groups.listGroupResources(b -> b.group("web").maxResults(2)));
        assertThat(first.resources()).hasSize(2);
        ListGroupResourcesResponse second = await(groups.listGroupResources(b -> b.group("web").nextToken(first.nextToken())));
        assertThat(second.resources()).hasSize(1);
        assertThat(second.nextToken()).isNull();
        assertThat(await(groups.listGroups(b -> b.maxResults(1))).groupIdentifiers()).singleElement()
                .satisfies(g -> assertThat(g.groupName()).isEqualTo("web"));

        await(groups.deleteGroup(b -> b.group("web")));
        AwsServiceException gone = failure(groups.getGroupQuery(b -> b.groupName("web")));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("NotFoundException");
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("Cannot find group web.");
    }

    @Test
    void badQueriesAreRefusedAsAwsRefusesThem() {
        AwsServiceException stack = failure(groups.createGroup(b -> b.name("s").resourceQuery(q -> q.type("CLOUDFORMATION_STACK_1_0")
                .query("{\"ResourceTypeFilters\":[\"AWS::AllSupported\"],\"StackIdentifier\":\"arn:aws:cloudformation:us-east-1:123456789012:stack/x/1\"}"))));
        assertThat(stack.statusCode()).isEqualTo(400);
        assertThat(stack.awsErrorDetails().errorMessage()).contains("no CloudFormation stacks");
        AwsServiceException noFilters = failure(groups.createGroup(b -> b.name("t").resourceQuery(q -> q.type("TAG_FILTERS_1_0")
                .query("{\"ResourceTypeFilters\":[\"AWS::EC2::Instance\"],\"TagFilters\":[]}"))));
        assertThat(noFilters.awsErrorDetails().errorCode()).isEqualTo("BadRequestException");
        AwsServiceException badName = failure(groups.createGroup(b -> b.name("a b").resourceQuery(q -> q.type("TAG_FILTERS_1_0")
                .query("{\"ResourceTypeFilters\":[\"AWS::EC2::Instance\"],\"TagFilters\":[{\"Key\":\"k\"}]}"))));
        assertThat(badName.statusCode()).isEqualTo(400);
    }
}
