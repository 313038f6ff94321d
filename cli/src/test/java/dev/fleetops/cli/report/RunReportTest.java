package dev.fleetops.cli.report;

import dev.fleetops.cli.session.HealthSampler;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.execution.StepRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The run report's page: what ran and when, steps by status, per-instance command results, in any locale. */
class RunReportTest {

    private static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    private static final Pattern NUMBER_ATTRIBUTE = Pattern.compile("\\s(?:x|y|width|height|x1|x2|y1|y2)=\"([^\"]*)\"");
    private final Locale before = Locale.getDefault();

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(before);
    }

    @Test
    void thePageNamesTheExecutionItsParametersAndAbsoluteTimesAndColoursStepsByStatus() {
        String html = RunReport.page("fleetops run Reboot", List.of(run())).render();

        assertThat(html).contains("<th scope=\"row\">execution id</th><td>exec-1</td>")
                .contains("<th scope=\"row\">document</th><td>Reboot</td>")
                .contains("<th scope=\"row\">parameters</th><td>InstanceId = i-0abc; TargetGroupArn = arn:tg</td>")
                .contains("<th scope=\"row\">start (UTC)</th><td>2026-01-05T09:00:00Z</td>")
                .contains("<th scope=\"row\">end (UTC)</th><td>2026-01-05T09:01:40Z</td>")
                .contains("<td>2026-01-05T09:00:10Z (+10s)</td><td>2026-01-05T09:01:12Z</td><td>62.5 s</td>");
        // steps are labelled by their own status, never by target-health words
        assertThat(html).contains("Drain: Success from +0s to +10s").contains("Reboot: Failed from +10s to +72s")
                .contains(">Success</text>").contains(">Failed</text>")
                .doesNotContain(">healthy</text><text").doesNotContain("Drain: healthy");
        // the target that left the target group is "not registered", not a made-up state
        assertThat(html).contains("i-0abc: not registered from +20s");
        // the Command's answer of each instance
        assertThat(html).contains("<td>i-0abc</td><td>Success</td><td>0</td>").contains("<td>i-0def</td><td>Failed</td><td>1</td>");
    }

    @Test
    void underAGermanLocaleEveryNumberInTheChartsStillHasADecimalPoint() {
        Locale.setDefault(Locale.GERMANY);
        String html = RunReport.page("fleetops run Reboot", List.of(run())).render();

        Matcher m = NUMBER_ATTRIBUTE.matcher(html);
        int numbers = 0;
        while (m.find()) {
            numbers++;
            assertThat(m.group(1)).as(m.group()).matches("-?\\d+(\\.\\d+)?");
        }
        assertThat(numbers).isGreaterThan(20);
        assertThat(html).contains("<td>62.5 s</td>").doesNotContain("62,5");
    }

    private static RunReport.Run run() {
        StepRecord drain = step("Drain", Status.Success, T0, T0.plusSeconds(10));
        StepRecord reboot = step("Reboot", Status.Failed, T0.plusSeconds(10), T0.plusMillis(72_500));
        ExecutionRecord rec = new ExecutionRecord("exec-1", "runbook", "Reboot", Status.Failed, Optional.of(T0),
                Optional.of(T0.plusSeconds(100)), parameters(),
                Map.of(), Optional.of("Reboot failed"), List.of(drain, reboot), Optional.empty());
        List<HealthSampler.Sample> health = List.of(new HealthSampler.Sample(T0, Map.of("i-0abc", "healthy", "i-0def", "healthy")),
                new HealthSampler.Sample(T0.plusSeconds(5), Map.of("i-0abc", "draining", "i-0def", "healthy")),
                new HealthSampler.Sample(T0.plusSeconds(20), Map.of("i-0def", "healthy")));
        List<CommandInvocation> invocations = List.of(
                new CommandInvocation("Reboot", "cmd-1", "i-0abc", "Success", Optional.of(0), Optional.of(T0.plusSeconds(10)),
                        Optional.of(T0.plusSeconds(40)), "rebooted"),
                new CommandInvocation("Reboot", "cmd-1", "i-0def", "Failed", Optional.of(1), Optional.of(T0.plusSeconds(10)),
                        Optional.of(T0.plusSeconds(12)), "no such service"));
        return new RunReport.Run("Reboot", rec, health, List.of(), invocations);
    }

    private static Map<String, List<String>> parameters() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("InstanceId", List.of("i-0abc"));
        p.put("TargetGroupArn", List.of("arn:tg"));
        return p;
    }

    private static StepRecord step(String name, Status status, Instant start, Instant end) {
        return new StepRecord(name, "aws:runCommand", status, 1, Map.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.of(start), Optional.of(end), List.of(), List.of(), List.of());
    }
}
