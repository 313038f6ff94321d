package dev.fleetops.cli.windows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cli.Main;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.rate.RateLimits;
import dev.fleetops.runbook.rate.Targets;
import dev.fleetops.windows.MaintenanceWindow;
import dev.fleetops.windows.Schedule;
import dev.fleetops.windows.WindowReader;
import dev.fleetops.windows.WindowTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fleetops window run} on the simulator, and the shipped window examples. */
class WindowRunCommandTest {

    static final Path EXAMPLES = Path.of("..", "examples", "windows");

    record Result(int exit, String out, String err) { }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void seed004sWindowLoads() {
        MaintenanceWindow w = WindowReader.read(EXAMPLES.resolve("patch-web.yaml"));
        assertThat(w.name()).isEqualTo("patch-web");
        assertThat(w.schedule()).isInstanceOf(Schedule.Cron.class);
        assertThat(w.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(w.durationHours()).isEqualTo(3);
        assertThat(w.cutoffHours()).isEqualTo(1);
        assertThat(w.targets()).containsExactly(new Targets.Tag("aws:autoscaling:groupName", List.of("web")));
        WindowTask t = w.tasks().get(0);
        assertThat(t.type()).isEqualTo(WindowTask.Type.AUTOMATION);
        assertThat(Path.of(t.taskArn())).isEqualTo(EXAMPLES.resolve("../runbooks/RebootInstanceGraceful.yaml").toAbsolutePath().normalize());
        assertThat(t.limits()).isEqualTo(new RateLimits("1", "0"));
        assertThat(t.priority()).isEqualTo(10);
        assertThat(t.parameters()).containsEntry("InstanceId", List.of("{{ TARGET_ID }}"));
        assertThat(t.parameters().get("TargetGroupArn").get(0)).startsWith("arn:aws:elasticloadbalancing:us-east-1:");
    }

    @Test
    void runsTheFirstOccurrenceOfARunCommandWindowInVirtualTime() {
        Result r = run("window", "run", EXAMPLES.resolve("healthcheck-web.yaml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        // 03:30 in New York (EST, UTC-5) the day after the simulator's start
        assertThat(r.out()).contains("first occurrence 2026-01-06T08:30:00Z")
                .contains("occurrence 1 ").contains("scheduled 2026-01-06T08:30:00Z  SUCCESS")
                .contains("[priority 0] curl-the-app             RUN_COMMAND SUCCESS    MaxConcurrency 2, MaxErrors 1")
                .contains("1 occurrence(s) reported");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+i-[0-9a-f]{17}\\s+Success.*"))).hasSize(3);
    }

    @Test
    void forADurationAsJsonWithGetMaintenanceWindowExecutionNames() throws Exception {
        Result r = run("window", "run", EXAMPLES.resolve("healthcheck-web.yaml").toString(), "--for", "3d", "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode list = Json.parse(r.out());
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("ScheduledTime").asText()).isEqualTo("2026-01-06T08:30:00Z");
        assertThat(list.get(2).get("ScheduledTime").asText()).isEqualTo("2026-01-08T08:30:00Z");
        JsonNode task = list.get(0).get("Tasks").get(0);
        assertThat(task.get("Status").asText()).isEqualTo("SUCCESS");
        assertThat(task.get("Type").asText()).isEqualTo("RUN_COMMAND");
        assertThat(task.get("Execution").get("StepExecutions")).hasSize(3);
        assertThat(list.get(0).get("WindowId").asText()).matches("mw-0[0-9a-f]{16}");
    }

    @Test
    void seed004sWindowRunsTheGracefulRebootOnEveryWebInstanceWithTheEngine(@TempDir Path docs) throws Exception {
        // the graceful document's child is looked up by name: RebootWithHealthcheck.yaml in --docs
        Files.copy(Path.of("..", "examples", "runbooks", "RebootWithHealthcheck.yaml"), docs.resolve("RebootWithHealthcheck.yaml"));
        Result r = run("window", "run", EXAMPLES.resolve("patch-web.yaml").toString(), "--docs", docs.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        // Sunday 11 January 2026, 02:00 UTC; the three instances one after the other
        assertThat(r.out()).contains("scheduled 2026-01-11T02:00:00Z  SUCCESS")
                .contains("[priority 10] patch-with-healthcheck   AUTOMATION  SUCCESS    MaxConcurrency 1, MaxErrors 0");
        assertThat(r.out().lines().filter(l -> l.matches("\\s+i-[0-9a-f]{17}\\s+Success.*"))).hasSize(3);
        assertThat(run("window", "run", EXAMPLES.resolve("patch-web.yaml").toString(), "--docs", docs.resolve("nope").toString())
                .err()).contains("--docs': " + docs.resolve("nope") + ": no such directory");
    }

    @Test
    void withAStoreTheWindowRunIsJournaledAsAWindowExecutionThatEndsWithIt(@TempDir Path store) throws Exception {
        Result r = run("window", "run", EXAMPLES.resolve("patch-web.yaml").toString(), "--store", store.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        String id = r.out().lines().filter(l -> l.startsWith("window run ")).findFirst().orElseThrow().split(" ")[2];
        String content = Files.readString(EXAMPLES.resolve("patch-web.yaml"));
        try (var journal = dev.fleetops.journal.Journals.sqlite(store, new dev.fleetops.time.VirtualScheduler(), Runnable::run)) {
            var history = journal.history(id).toCompletableFuture().join();
            assertThat(history.get(0).entry()).isInstanceOfSatisfying(dev.fleetops.journal.Entry.Started.class, s -> {
                assertThat(s.kind()).isEqualTo(dev.fleetops.journal.ExecutionKind.WINDOW);
                assertThat(s.parameters().get("fleetops:Window").get(0)).isEqualTo(content);
            });
            assertThat(history.get(history.size() - 1).entry()).isInstanceOf(dev.fleetops.journal.Entry.Ended.class);
            assertThat(journal.open().toCompletableFuture().join()).as("the task's parent and children ended too").isEmpty();
        }
        assertThat(run("recover", "--store", store.toString()).out()).contains("nothing to recover");
    }

    @Test
    void aBadWindowFileExitsTwoWithItsLocation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, Files.readString(EXAMPLES.resolve("healthcheck-web.yaml")).replace("Cutoff: 1", "Cutoff: 2"));
        Result r = run("window", "run", file.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":7:9: Cutoff: Cutoff (2 h) must be less than Duration (2 h): no task could start");
        assertThat(run("window", "run", file.toString(), "--for", "0s").exit()).isEqualTo(2);
    }

    @Test
    void helpHasExamples() {
        Result r = run("window", "run", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("fleetops window run examples/windows/patch-web.yaml").contains("--for");
    }
}
