package dev.fleetops.runbook.action.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.ActionContext;
import dev.fleetops.runbook.action.ActionFailure;
import dev.fleetops.runbook.action.ActionResult;
import dev.fleetops.runbook.document.ActionDefinition;
import dev.fleetops.runbook.document.InputChecks;
import dev.fleetops.time.Scheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.fleetops.runbook.document.ActionDefinition.automation;
import static dev.fleetops.runbook.document.ParameterType.STRING;
import static dev.fleetops.runbook.document.ParameterType.STRING_MAP;

/**
 * {@code aws:executeScript} (UG automation-action-executeScript) with a local {@code python3}: the inline
 * {@code Script} is written to a temporary directory, a small runner imports it and calls
 * {@code Handler(events, context)} with {@code InputPayload} as {@code events}; the return value, as JSON, is the
 * {@code Payload} output ({@code OutputPayload}: {@code {"Payload": ...}} as text). At most 600 s. On the
 * simulator the script's boto3 calls reach the run's own region over the wire ({@link ScriptEnvironment}), and
 * virtual time holds still while it runs but for its calls and its {@code time.sleep}s. PowerShell runtimes and
 * {@code Attachment} scripts are not supported.
 */
final class ExecuteScript implements Action {

    static final ActionDefinition DEFINITION = automation("aws:executeScript").required("Runtime").optional("Handler", "InputPayload", "Script", "Attachment")
            .output("Payload", STRING_MAP).output("OutputPayload", STRING)
            .timeoutSeconds(600) // User Guide: aws:executeScript, "maximum duration of 600 seconds"
            // User Guide: aws:executeScript, Runtime (the older Python versions AWS's own documents still name)
            .check(InputChecks.oneOf("Runtime", Set.of("python3.6", "python3.7", "python3.8", "python3.9", "python3.10",
                    "python3.11", "python3.12", "PowerShell Core 6.0", "PowerShell 7.0", "PowerShell 7.2", "PowerShell 7.4")))
            .permissions((s, d) -> new ActionDefinition.Permissions.Needed(List.of(),
                    List.of("the calls the script makes are not analysed")))
            .runs(ExecuteScript::new).build();

    static final Duration LIMIT = Duration.ofSeconds(600);
    private static final String RUNNER = """
            import importlib.util, json, os, sys
            """ + ScriptEnvironment.VIRTUAL_TIME + """
            spec = importlib.util.spec_from_file_location("script", sys.argv[1])
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            with open(sys.argv[2]) as f:
                events = json.load(f)
            result = getattr(module, sys.argv[3])(events, json.loads(sys.argv[5]))
            with open(sys.argv[4], "w") as f:
                json.dump(result, f, default=str)
            """;

    private final String python;

    ExecuteScript() {
        this("python3");
    }

    /** @param python the interpreter to run (a path or a name on PATH) */
    ExecuteScript(String python) {
        this.python = python;
    }

    @Override
    public String name() {
        return DEFINITION.name();
    }


    @Override
    public CompletionStage<ActionResult> execute(ActionContext ctx) {
        return Calls.attempt(() -> run(ctx));
    }

    private CompletionStage<ActionResult> run(ActionContext ctx) {
        Inputs in = new Inputs(name(), ctx.inputs());
        String runtime = in.string("Runtime");
        if (!runtime.startsWith("python3")) {
            throw in.bad("Runtime", "must be a python3.x runtime (fleetops runs scripts with python3), got " + runtime);
        }
        if (in.has("Attachment")) throw in.bad("Attachment", "is not supported: put the code inline in Script");
        String script = in.string("Script");
        String handler = in.string("Handler");
        if (!handler.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw in.bad("Handler", "must name a function of the inline Script, got " + handler);
        }
        JsonNode payload = in.has("InputPayload") ? in.node().get("InputPayload") : JsonNodeFactory.instance.objectNode();
        String context = JsonNodeFactory.instance.objectNode().put("automation:EXECUTION_ID", ctx.executionId())
                .put("StepName", ctx.stepName()).toString();
        Path dir;
        Process process;
        AutoCloseable hold = null;
        try {
            dir = Files.createTempDirectory("fleetops-script-");
            ProcessBuilder pb = new ProcessBuilder();
            if (ctx.simulated()) {
                ScriptEnvironment.onSimulator(ctx.cloud(), ctx.scheduler().now(), dir, pb.environment());
                hold = ctx.cloud().wire().orElseThrow().hold(); // the run's time waits for the script
            }
            Files.writeString(dir.resolve("script.py"), script);
            Files.writeString(dir.resolve("runner.py"), RUNNER);
            Files.writeString(dir.resolve("events.json"), payload.toString());
            process = pb.command(python, dir.resolve("runner.py").toString(), dir.resolve("script.py").toString(),
                    dir.resolve("events.json").toString(), handler, dir.resolve("result.json").toString(), context)
                    .directory(dir.toFile())
                    .redirectOutput(dir.resolve("stdout.txt").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile())
                    .start();
        } catch (IOException e) {
            closeQuietly(hold);
            throw new ActionFailure(ActionFailure.Type.Internal, "cannot run " + python + ": " + e.getMessage());
        }
        if (hold != null) return onSimulator(ctx, dir, process, hold);
        Duration left = Duration.between(ctx.scheduler().now(), ctx.deadline());
        Duration limit = left.compareTo(LIMIT) < 0 ? left : LIMIT;
        AtomicBoolean killed = new AtomicBoolean();
        Scheduler.Cancellable timer = ctx.scheduler().schedule(limit, () -> {
            killed.set(true);
            process.destroyForcibly();
        });
        ctx.cancelled().thenRun(process::destroyForcibly);
        return process.onExit().thenApply(p -> {
            timer.cancel();
            if (killed.get()) {
                deleteQuietly(dir);
                throw ActionFailure.timedOut("the script did not finish within " + limit.toSeconds() + " s");
            }
            return finish(ctx, dir, p);
        });
    }

    /**
     * Virtual time holds while the script runs, so its deadline cannot pass in virtual time: the script gets at most
     * the attempt's remaining virtual time (and 600 s) of wall-clock time. Its end is taken back onto the thread
     * that drives time, which releases the hold there.
     */
    private CompletionStage<ActionResult> onSimulator(ActionContext ctx, Path dir, Process process, AutoCloseable hold) {
        Duration left = Duration.between(ctx.scheduler().now(), ctx.deadline());
        Duration limit = left.compareTo(LIMIT) < 0 ? left : LIMIT;
        ctx.cancelled().thenRun(process::destroyForcibly);
        return process.onExit().orTimeout(Math.max(1, limit.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)
                .handleAsync((p, e) -> {
                    closeQuietly(hold);
                    if (e != null) {
                        process.destroyForcibly();
                        deleteQuietly(dir);
                        throw ActionFailure.timedOut("the script did not finish within " + limit.toSeconds() + " s");
                    }
                    return finish(ctx, dir, p);
                }, ctx.scheduler().executor());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            // releasing a hold cannot fail
        }
    }

    private ActionResult finish(ActionContext ctx, Path dir, Process p) {
        try {
            String stdout = Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8);
            String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
            if (!stdout.isBlank()) ctx.note("script output: " + head(stdout.strip()));
            Path result = dir.resolve("result.json");
            if (p.exitValue() != 0 || !Files.exists(result)) {
                String last = stderr.strip();
                last = last.substring(last.lastIndexOf('\n') + 1);
                if (ctx.simulated() && ScriptEnvironment.missingBoto3(last)) {
                    throw new ActionFailure(ActionFailure.Type.Action, "the script failed: " + last + ": on the "
                            + "simulated region a script's AWS calls need boto3 for " + python + " on this machine "
                            + "(pip install boto3)");
                }
                throw new ActionFailure(ActionFailure.Type.Action, "the script failed: " + last);
            }
            JsonNode value = Json.parse(Files.readString(result, StandardCharsets.UTF_8));
            Map<String, JsonNode> outputs = new LinkedHashMap<>();
            outputs.put("Payload", value);
            outputs.put("OutputPayload", TextNode.valueOf(JsonNodeFactory.instance.objectNode().set("Payload", value).toString()));
            return ActionResult.of(outputs);
        } catch (IOException e) {
            throw new ActionFailure(ActionFailure.Type.Internal, "cannot read the script's result: " + e.getMessage());
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String head(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

}
