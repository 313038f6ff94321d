package dev.fleetops.windows;

import dev.fleetops.source.InputError;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Malformed window files: each names the file, line, column and field of the mistake. */
class MalformedWindowsTest {

    @TempDir
    static Path dir;

    /** A valid window whose line {@code replace} is swapped for {@code with} (lines are 1-based). */
    static final String GOOD = """
            Name: patch-web
            Schedule: cron(0 2 ? * SUN *)
            ScheduleTimezone: UTC
            Duration: 3
            Cutoff: 1
            Targets:
              - Key: tag:aws:autoscaling:groupName
                Values: [web]
            Tasks:
              - Name: graceful
                TaskType: AUTOMATION
                TaskArn: doc.yaml
                Priority: 10
                MaxConcurrency: "1"
                MaxErrors: "0"
                Parameters:
                  InstanceId: "{{ TARGET_ID }}"
            """;

    static String edit(String line, String with) {
        if (!GOOD.contains(line + "\n")) throw new IllegalArgumentException(line);
        return GOOD.replace(line + "\n", with.isEmpty() ? "" : with + "\n");
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> cases() {
        return Stream.of(
                arguments(edit("Name: patch-web", ""), ":1:1: missing required field 'Name'"),
                arguments(edit("Name: patch-web", "Name: pw"), ":1:7: Name: 'pw': 3-128 letters, digits, '_', '-' or '.'"),
                arguments(edit("Duration: 3", "Duration: 3\nSchedul: x"), ":5:1: Schedul: unknown field 'Schedul' (did you mean"
                        + " 'Schedule'?); expected one of: AllowUnassociatedTargets, Cutoff, Description, Duration, EndDate, Name,"
                        + " Schedule, ScheduleOffset, ScheduleTimezone, StartDate, Targets, Tasks"),
                arguments(edit("Schedule: cron(0 2 ? * SUN *)", "Schedule: cron(0 2 * * SUN *)"), ":2:11: Schedule: Day-of-month"
                        + " and Day-of-week: one of them must be '?' (got '*' and 'SUN'); AWS does not support setting both"),
                arguments(edit("Schedule: cron(0 2 ? * SUN *)", "Schedule: rate(1 days)"),
                        ":2:11: Schedule: rate(1 days): with a value of 1 the unit must be singular: rate(1 day)"),
                arguments(edit("Schedule: cron(0 2 ? * SUN *)", "Schedule: cron(0/1 * ? * * *)"), ":2:11: Schedule: cron(0/1 * ? * * *)"
                        + " runs more often than every 5 minutes (1 minute apart), which maintenance windows do not support"),
                arguments(edit("ScheduleTimezone: UTC", "ScheduleTimezone: Europe/Pariss"), ":3:19: ScheduleTimezone: unknown"
                        + " time zone 'Europe/Pariss'; expected an IANA name such as America/Los_Angeles or UTC"),
                arguments(edit("ScheduleTimezone: UTC", "ScheduleTimezone: PST"), ":3:19: ScheduleTimezone: unknown time zone"
                        + " 'PST'; expected an IANA name such as America/Los_Angeles or UTC"),
                arguments(edit("ScheduleTimezone: UTC", "ScheduleOffset: 7"),
                        ":3:17: ScheduleOffset: expected an integer from 1 to 6, got 7"),
                arguments(edit("Schedule: cron(0 2 ? * SUN *)", "Schedule: rate(7 days)\nScheduleOffset: 2"),
                        ":3:17: ScheduleOffset: ScheduleOffset applies to cron(...) schedules only, not rate(7 days)"),
                arguments(edit("ScheduleTimezone: UTC", "StartDate: 2026-13-01"), ":3:12: StartDate: '2026-13-01': expected"
                        + " an ISO-8601 date and time, e.g. 2026-01-01T00:00:00-08:00"),
                arguments(edit("ScheduleTimezone: UTC", "StartDate: 2026-02-01T00:00:00Z\nEndDate: 2026-01-01T00:00:00Z"),
                        ":4:10: EndDate: EndDate 2026-01-01T00:00:00Z is not after StartDate 2026-02-01T00:00:00Z"),
                arguments(edit("Duration: 3", "Duration: 25"), ":4:11: Duration: expected an integer from 1 to 24, got 25"),
                arguments(edit("Duration: 3", "Duration: 2h"), ":4:11: Duration: expected an integer, got \"2h\""),
                arguments(edit("Cutoff: 1", "Cutoff: 3"), ":5:9: Cutoff: Cutoff (3 h) must be less than Duration (3 h): no task could start"),
                arguments(edit("Cutoff: 1", ""), ":1:1: missing required field 'Cutoff'"),
                arguments(edit("  - Key: tag:aws:autoscaling:groupName", "  - Key: resource-groups:Name"), ":7:10: Targets[0].Key:"
                        + " 'resource-groups:Name': fleetops targets instances by InstanceIds or tag:KEY (e.g. tag:aws:autoscaling:groupName)"),
                arguments(edit("  - Key: tag:aws:autoscaling:groupName", "  - Key: InstanceIds").replace("[web]", "[i-123, i-0123456789abcdef0]"),
                        ":8:14: Targets[0].Values[0]: 'i-123' is not an instance id (i- and 8 or 17 hex digits)"),
                arguments(edit("    Values: [web]", "    Values: []"), ":8:13: Targets[0].Values: expected at least one value"),
                arguments(edit("    TaskType: AUTOMATION", "    TaskType: LAMBDA"), ":11:15: Tasks[0].TaskType: LAMBDA tasks are not run"
                        + " by fleetops; expected AUTOMATION or RUN_COMMAND"),
                arguments(edit("    TaskType: AUTOMATION", "    TaskType: automation"),
                        ":11:15: Tasks[0].TaskType: 'automation': expected AUTOMATION or RUN_COMMAND"),
                arguments(edit("    TaskArn: doc.yaml", "    TaskArn: missing.yaml"), ":12:14: Tasks[0].TaskArn: no such document file: "
                        + dir.resolve("missing.yaml")),
                arguments(edit("    MaxConcurrency: \"1\"", "    MaxConcurrency: \"0\""), ":14:21: Tasks[0].MaxConcurrency: invalid value '0':"
                        + " expected a number of targets (1 or more) or a percentage of them (1% to 100%), matching"
                        + " ^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$"),
                arguments(edit("    MaxErrors: \"0\"", "    MaxErrors: \"-1\""), ":15:16: Tasks[0].MaxErrors: invalid value '-1':"
                        + " expected a number of errors (0 or more) or a percentage of the targets (0% to 100%), matching"
                        + " ^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$"),
                arguments(edit("    MaxErrors: \"0\"", ""), ":10:5: Tasks[0]: missing required field 'MaxErrors'"),
                arguments(edit("    Priority: 10", "    Priority: -1"), ":13:15: Tasks[0].Priority: expected an integer from 0 to 2147483647, got -1"),
                arguments(edit("    Priority: 10", "    CutoffBehavior: CANCEL"),
                        ":13:21: Tasks[0].CutoffBehavior: 'CANCEL': expected CONTINUE_TASK or CANCEL_TASK"),
                arguments(edit("      InstanceId: \"{{ TARGET_ID }}\"", "      InstanceID: \"{{ TARGET_ID }}\""),
                        ":17:7: Tasks[0].Parameters.InstanceID: 'InstanceID' is not a parameter of doc.yaml (did you mean"
                                + " 'InstanceId'?); its parameters: InstanceId, TargetGroupArn"),
                arguments(edit("      InstanceId: \"{{ TARGET_ID }}\"", "      InstanceId: \"{{ TARGET }}\""), ":17:19:"
                        + " Tasks[0].Parameters.InstanceId: unknown pseudo parameter {{TARGET}}; expected one of: WINDOW_ID,"
                        + " WINDOW_TASK_ID, WINDOW_TARGET_ID, WINDOW_EXECUTION_ID, TASK_EXECUTION_ID, INVOCATION_ID,"
                        + " TARGET_TYPE, TARGET_ID, RESOURCE_ID"),
                arguments(edit("    TaskType: AUTOMATION", "    TaskType: RUN_COMMAND").replace("TaskArn: doc.yaml", "TaskArn: AWS-RunShellScript")
                                .replace("InstanceId: \"{{ TARGET_ID }}\"", "commands: [\"echo {{ TARGET_ID }}\"]"),
                        ":17:18: Tasks[0].Parameters.commands[0]: {{TARGET_ID}} is not supported in RUN_COMMAND tasks"
                                + " (one command goes to every target)"),
                arguments(edit("    TaskArn: doc.yaml", "    TaskArn: doc.yaml\n    TimeoutSeconds: 60"),
                        ":13:21: Tasks[0].TimeoutSeconds: TimeoutSeconds applies to RUN_COMMAND tasks only"),
                arguments(GOOD + GOOD.substring(GOOD.indexOf("  - Name: graceful")), ":18:11: Tasks[1].Name: a second task named 'graceful'"),
                arguments(GOOD.replace("Tasks:\n", "Tasks: []\n").substring(0, GOOD.indexOf("Tasks:") + 10), ":9:8: Tasks: a window needs at least one task"),
                arguments(edit("Name: patch-web", "Name: patch-web\nName: again"), ":2:1: Name: duplicate key 'Name' (first at line 1)"),
                arguments(edit("Targets:", "Targets: tag:Role=web").replace("  - Key: tag:aws:autoscaling:groupName\n    Values: [web]\n", ""),
                        ":6:10: Targets: expected a list, got \"tag:Role=web\""),
                arguments("Name: [unclosed\n", ":2:1: invalid YAML: expected ',' or ']', but got <stream end>"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void rejected(String yaml, String message) throws IOException {
        Files.writeString(dir.resolve("doc.yaml"), """
                schemaVersion: "0.3"
                parameters:
                  InstanceId: {type: String}
                  TargetGroupArn: {type: String}
                mainSteps:
                  - name: Nothing
                    action: aws:sleep
                    inputs: {Duration: PT1S}
                """);
        Path file = dir.resolve("window.yaml");
        Files.writeString(file, yaml);
        assertThatThrownBy(() -> WindowReader.read(file)).isInstanceOf(InputError.class).hasMessage(file + message);
    }
}
