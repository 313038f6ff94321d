package dev.fleetops.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The JSONPath subset SSM documents ("Using JSONPath in runbooks", AWS Systems Manager User Guide), on its worked examples. */
class JsonPathTest {

    private final JsonNode response = parse("""
            {"Reservations":[{"Instances":[{"ImageId":"ami-1","State":{"Code":16,"Name":"running"},
               "BlockDeviceMappings":[{"DeviceName":"/dev/xvda","Ebs":{"DeleteOnTermination":true,"VolumeId":"vol-1"}},
                                      {"DeviceName":"/dev/xvdb","Ebs":{"DeleteOnTermination":false,"VolumeId":"vol-2"}}]}]},
             {"Instances":[{"ImageId":"ami-2","State":{"Code":80,"Name":"stopped"},"BlockDeviceMappings":[]}]}],
             "TargetHealthDescriptions":[{"TargetHealth":{"State":"healthy"}},{"TargetHealth":{"State":"draining"}}]}""");

    private static JsonNode parse(String s) {
        try {
            return Json.parse(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<String> select(String path) {
        return JsonPath.compile(path).select(response).stream().map(n -> n.isValueNode() ? n.asText() : n.toString()).toList();
    }

    @Test
    void childrenAndIndexesSelectOneValue() {
        assertThat(select("$.Reservations[0].Instances[0].ImageId")).containsExactly("ami-1");
        assertThat(select("$.Reservations[0].Instances[0].BlockDeviceMappings[0].Ebs.DeleteOnTermination")).containsExactly("true");
        assertThat(select("$.Reservations[0].Instances[0].State.Code")).containsExactly("16");
        assertThat(select("$['Reservations'][1].Instances[0].State.Name")).containsExactly("stopped");
        assertThat(select("$.Reservations[-1].Instances[0].ImageId")).containsExactly("ami-2");
        assertThat(JsonPath.compile("$.Reservations[0].Instances[0].ImageId").definite()).isTrue();
    }

    @Test
    void deepScansYieldEveryMatchInDocumentOrder() {
        assertThat(select("$.Reservations..BlockDeviceMappings..VolumeId")).containsExactly("vol-1", "vol-2");
        assertThat(select("$.Reservations..Instances..State")).hasSize(2);
        assertThat(select("$.TargetHealthDescriptions..TargetHealth.State")).containsExactly("healthy", "draining");
        assertThat(JsonPath.compile("$..State").definite()).isFalse();
    }

    @Test
    void missingPathsSelectNothing() {
        assertThat(select("$.Reservations[5].Instances")).isEmpty();
        assertThat(select("$.Nope..X")).isEmpty();
    }

    @Test
    void undocumentedConstructsAreRejected() {
        assertThatThrownBy(() -> JsonPath.compile("$.Reservations[?(@.x)]")).hasMessageContaining("filters, slices");
        assertThatThrownBy(() -> JsonPath.compile("Reservations")).hasMessageContaining("starts with $");
    }

    @Test
    void aWildcardIndexSelectsEveryElementLeniently() throws Exception {
        var doc = Json.parse("{\"Reservations\":[{\"Instances\":[{\"InstanceId\":\"i-1\"}]},{\"Instances\":[{\"InstanceId\":\"i-2\"}]}]}");
        assertThat(JsonPath.compile("$.Reservations[*].Instances[0].InstanceId").select(doc))
                .extracting(JsonNode::asText).containsExactly("i-1", "i-2");
        assertThat(JsonPath.compile("$.Reservations[*]").definite()).isFalse();
    }
}
