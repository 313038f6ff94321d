package dev.fleetops.runbook.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.document.ParameterType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The documented JSONPath subset (UG automation-action-outputs-inputs) over a DescribeInstances response. */
class JsonPathTest {

    private static final JsonNode RESPONSE = parse("""
            {"Reservations": [
              {"Instances": [{"InstanceId": "i-1", "ImageId": "ami-1", "State": {"Code": 16, "Name": "running"},
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": "vol-1", "DeleteOnTermination": true}},
                                        {"DeviceName": "/dev/xvdb", "Ebs": {"VolumeId": "vol-2", "DeleteOnTermination": false}}]}]},
              {"Instances": [{"InstanceId": "i-2", "ImageId": "ami-1", "State": {"Code": 80, "Name": "stopped"},
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeId": "vol-3", "DeleteOnTermination": true}}]}]}
            ]}""");

    private static JsonNode parse(String s) {
        try {
            return Json.parse(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String out(String selector, ParameterType type) {
        return Selectors.output(RESPONSE, selector, type).map(JsonNode::toString).orElse("<none>");
    }

    @Test
    void theUserGuidesWorkedExamples() {
        assertThat(out("$.Reservations[0].Instances[0].ImageId", ParameterType.STRING)).isEqualTo("\"ami-1\"");
        assertThat(out("$.Reservations[0].Instances[0].BlockDeviceMappings[0].Ebs.DeleteOnTermination",
                ParameterType.BOOLEAN)).isEqualTo("true");
        assertThat(out("$.Reservations[0].Instances[0].State.Code", ParameterType.INTEGER)).isEqualTo("16");
        assertThat(out("$.Reservations..BlockDeviceMappings..VolumeId", ParameterType.STRING_LIST))
                .isEqualTo("[\"vol-1\",\"vol-2\",\"vol-3\"]");
        assertThat(out("$.Reservations[0].Instances[0].BlockDeviceMappings[0]", ParameterType.STRING_MAP))
                .isEqualTo("{\"DeviceName\":\"/dev/xvda\",\"Ebs\":{\"VolumeId\":\"vol-1\",\"DeleteOnTermination\":true}}");
        assertThat(out("$.Reservations..Instances..State", ParameterType.MAP_LIST))
                .isEqualTo("[{\"Code\":16,\"Name\":\"running\"},{\"Code\":80,\"Name\":\"stopped\"}]");
    }

    @Test
    void lenientExtras() {
        assertThat(out("$.Reservations[*].Instances[0].InstanceId", ParameterType.STRING_LIST)).isEqualTo("[\"i-1\",\"i-2\"]");
        assertThat(out("$.Reservations[-1].Instances[0].InstanceId", ParameterType.STRING)).isEqualTo("\"i-2\"");
        assertThat(out("$['Reservations'][0].Instances[0].State.Name", ParameterType.STRING)).isEqualTo("\"running\"");
        assertThat(out("$.Reservations[0].Instances[0].BlockDeviceMappings[1].Ebs.DeleteOnTermination",
                ParameterType.STRING)).isEqualTo("\"False\"");
        assertThat(out("$.Reservations[7].Instances", ParameterType.MAP_LIST)).isEqualTo("<none>");
        assertThat(out("$..NoSuchMember", ParameterType.STRING_LIST)).isEqualTo("[]");
        assertThat(JsonPath.compile("$.a.b").definite()).isTrue();
        assertThat(JsonPath.compile("$..b").definite()).isFalse();
    }

    @Test
    void syntaxErrorsNameThePosition() {
        assertThatThrownBy(() -> JsonPath.compile("Reservations[0]"))
                .hasMessage("selector Reservations[0] (at character 1): a selector starts with '$.' (e.g. $.Reservations[0].Instances)");
        assertThatThrownBy(() -> JsonPath.compile("$.Reservations[0"))
                .hasMessage("selector $.Reservations[0 (at character 15): '[' is not closed");
        assertThatThrownBy(() -> JsonPath.compile("$.Reservations[?(@.x)]"))
                .hasMessage("selector $.Reservations[?(@.x)] (at character 15): filters [?(...)] are not in the JSONPath subset SSM documents");
        assertThatThrownBy(() -> JsonPath.compile("$.Reservations[0:2]"))
                .hasMessageContaining("slices and unions");
        assertThatThrownBy(() -> JsonPath.compile("$.a..")).hasMessage("selector $.a.. (at character 6): a member name is missing");
        assertThatThrownBy(() -> JsonPath.compile("$")).hasMessageContaining("'$' alone selects the whole response");
    }

    @Test
    void conversionErrorsSayWhatWasFound() {
        assertThatThrownBy(() -> Selectors.output(RESPONSE, "$.Reservations[0].Instances[0].ImageId", ParameterType.BOOLEAN))
                .hasMessage("selector $.Reservations[0].Instances[0].ImageId selected a string \"ami-1\", which is not a Boolean");
        assertThatThrownBy(() -> Selectors.output(RESPONSE, "$.Reservations..State", ParameterType.STRING_LIST))
                .hasMessage("selector $.Reservations..State selected a map {\"Code\":16,\"Name\":\"running\"}, which is "
                        + "not an element of a StringList; a map fits Type StringMap");
        assertThatThrownBy(() -> Selectors.output(RESPONSE, "$.Reservations..InstanceId", ParameterType.STRING_MAP))
                .hasMessageContaining("declare Type StringList or MapList, not StringMap");
        assertThatThrownBy(() -> Selectors.output(RESPONSE, "$.Reservations", ParameterType.STRING))
                .hasMessageStartingWith("selector $.Reservations selected a list [");
    }
}
