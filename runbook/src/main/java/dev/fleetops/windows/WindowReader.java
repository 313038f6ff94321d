package dev.fleetops.windows;

import dev.fleetops.runbook.rate.RateLimits;
import dev.fleetops.runbook.rate.Targets;
import dev.fleetops.source.InputError;
import dev.fleetops.source.ListNode;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;
import dev.fleetops.source.SourceReader;
import dev.fleetops.source.Suggest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a window file (YAML or JSON, AWS's member names) into a {@link MaintenanceWindow}. Every mistake is an
 * {@link InputError} with the file, line, column and field.
 */
public final class WindowReader {

    static final List<String> WINDOW_KEYS = List.of("Name", "Description", "Schedule", "ScheduleTimezone",
            "ScheduleOffset", "StartDate", "EndDate", "Duration", "Cutoff", "AllowUnassociatedTargets", "Targets", "Tasks");
    static final List<String> TARGET_KEYS = List.of("Key", "Values");
    static final List<String> TASK_KEYS = List.of("Name", "TaskType", "TaskArn", "Priority", "MaxConcurrency",
            "MaxErrors", "CutoffBehavior", "Parameters", "TimeoutSeconds", "Description");
    static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_\\-.]{3,128}$");
    static final Set<String> DOCUMENT_FILE = Set.of(".yaml", ".yml", ".json");

    private WindowReader() { }

    public static MaintenanceWindow read(Path file) {
        MapNode root = SourceReader.read(file).asMap();
        return read(root, file.toString(), file.toAbsolutePath().getParent());
    }

    /** A window from text; {@code name} is used in locations, {@code dir} resolves document file paths. */
    public static MaintenanceWindow parse(String name, String text, Path dir) {
        return read(SourceReader.read(name, text).asMap(), name, dir);
    }

    static MaintenanceWindow read(MapNode root, String file, Path dir) {
        root.allowOnly(WINDOW_KEYS);
        ScalarNode nameNode = root.require("Name").asScalar();
        String name = nameNode.asString();
        if (!NAME.matcher(name).matches()) {
            throw InputError.at(nameNode, "'" + name + "': 3-128 letters, digits, '_', '-' or '.'");
        }
        Optional<String> description = root.optString("Description");
        ScalarNode scheduleNode = root.require("Schedule").asScalar();
        Schedule schedule;
        try {
            schedule = Schedule.parse(scheduleNode.asString());
        } catch (ScheduleError e) {
            throw InputError.at(scheduleNode, e.getMessage());
        }
        ZoneId zone = root.get("ScheduleTimezone").map(n -> zone(n.asScalar())).orElse(ZoneId.of("UTC"));
        int offset = 0;
        if (root.get("ScheduleOffset").isPresent()) {
            ScalarNode o = root.require("ScheduleOffset").asScalar();
            offset = o.asInt(1, 6);
            if (!(schedule instanceof Schedule.Cron)) {
                throw InputError.at(o, "ScheduleOffset applies to cron(...) schedules only, not " + schedule.text());
            }
        }
        Optional<Instant> start = root.get("StartDate").map(n -> date(n.asScalar(), zone));
        Optional<Instant> end = root.get("EndDate").map(n -> date(n.asScalar(), zone));
        if (start.isPresent() && end.isPresent() && !end.get().isAfter(start.get())) {
            throw InputError.at(root.require("EndDate"), "EndDate " + end.get() + " is not after StartDate " + start.get());
        }
        int duration = root.require("Duration").asScalar().asInt(1, 24);
        ScalarNode cutoffNode = root.require("Cutoff").asScalar();
        int cutoff = cutoffNode.asInt(0, 23);
        if (cutoff >= duration) {
            throw InputError.at(cutoffNode, "Cutoff (" + cutoff + " h) must be less than Duration (" + duration
                    + " h): no task could start");
        }
        root.get("AllowUnassociatedTargets").ifPresent(n -> n.asScalar().asBoolean());
        List<Targets> targets = targets(root.require("Targets").asList());
        List<WindowTask> tasks = tasks(root.require("Tasks").asList(), dir);
        return new MaintenanceWindow(name, description, schedule, zone, offset, start, end, duration, cutoff, targets,
                tasks, file);
    }

    private static ZoneId zone(ScalarNode n) {
        String z = n.asString();
        try {
            if (!z.contains("/") && !z.equals("UTC") && !z.equals("GMT")) throw new DateTimeException(z);
            return ZoneId.of(z);
        } catch (DateTimeException e) {
            throw InputError.at(n, "unknown time zone '" + z + "'; expected an IANA name such as America/Los_Angeles or UTC");
        }
    }

    private static Instant date(ScalarNode n, ZoneId zone) {
        String s = n.asString();
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).atZone(zone).toInstant();
            } catch (DateTimeParseException e2) {
                throw InputError.at(n, "'" + s + "': expected an ISO-8601 date and time, e.g. 2026-01-01T00:00:00-08:00");
            }
        }
    }

    private static List<Targets> targets(ListNode list) {
        if (list.size() == 0) throw InputError.at(list, "a window needs at least one target");
        List<Targets> out = new ArrayList<>();
        for (Node item : list.items()) {
            MapNode t = item.asMap().allowOnly(TARGET_KEYS);
            ScalarNode keyNode = t.require("Key").asScalar();
            String key = keyNode.asString();
            List<String> values = strings(t.require("Values"));
            if (values.isEmpty()) throw InputError.at(t.require("Values"), "expected at least one value");
            if (key.equals("InstanceIds")) {
                for (int i = 0; i < values.size(); i++) {
                    if (!values.get(i).matches("^i-[0-9a-f]{8}([0-9a-f]{9})?$")) {
                        throw InputError.at(t.require("Values").asList().get(i),
                                "'" + values.get(i) + "' is not an instance id (i- and 8 or 17 hex digits)");
                    }
                }
                out.add(new Targets.Values(values));
            } else if (key.startsWith("tag:") && key.length() > 4) {
                out.add(new Targets.Tag(key.substring(4), values));
            } else {
                throw InputError.at(keyNode, "'" + key + "': fleetops targets instances by InstanceIds or tag:KEY"
                        + " (e.g. tag:aws:autoscaling:groupName)");
            }
        }
        return out;
    }

    private static List<WindowTask> tasks(ListNode list, Path dir) {
        if (list.size() == 0) throw InputError.at(list, "a window needs at least one task");
        List<WindowTask> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : list.items()) {
            MapNode t = item.asMap().allowOnly(TASK_KEYS);
            ScalarNode typeNode = t.require("TaskType").asScalar();
            WindowTask.Type type = switch (typeNode.asString()) {
                case "AUTOMATION" -> WindowTask.Type.AUTOMATION;
                case "RUN_COMMAND" -> WindowTask.Type.RUN_COMMAND;
                case "LAMBDA", "STEP_FUNCTIONS" -> throw InputError.at(typeNode, typeNode.asString()
                        + " tasks are not run by fleetops; expected AUTOMATION or RUN_COMMAND");
                default -> throw InputError.at(typeNode, "'" + typeNode.asString() + "': expected AUTOMATION or RUN_COMMAND");
            };
            ScalarNode arnNode = t.require("TaskArn").asScalar();
            String arn = arnNode.asString();
            Optional<Set<String>> documentParameters = Optional.empty();
            if (type == WindowTask.Type.AUTOMATION && DOCUMENT_FILE.stream().anyMatch(arn.toLowerCase(Locale.ROOT)::endsWith)) {
                Path doc = dir.resolve(arn).normalize();
                if (!Files.isRegularFile(doc)) throw InputError.at(arnNode, "no such document file: " + doc);
                arn = doc.toString();
                documentParameters = Optional.of(parameterNames(doc));
            }
            String name = t.optString("Name").orElse(arn.contains("/") ? Path.of(arn).getFileName().toString() : arn);
            if (!names.add(name)) throw InputError.at(t.get("Name").orElse(t), "a second task named '" + name + "'");
            int priority = t.get("Priority").map(n -> n.asScalar().asInt(0, Integer.MAX_VALUE)).orElse(1);
            RateLimits limits = limits(t);
            WindowTask.CutoffBehavior cutoff = WindowTask.CutoffBehavior.CONTINUE_TASK;
            if (t.get("CutoffBehavior").isPresent()) {
                ScalarNode c = t.require("CutoffBehavior").asScalar();
                try {
                    cutoff = WindowTask.CutoffBehavior.valueOf(c.asString());
                } catch (IllegalArgumentException e) {
                    throw InputError.at(c, "'" + c.asString() + "': expected CONTINUE_TASK or CANCEL_TASK");
                }
            }
            Map<String, List<String>> parameters = parameters(t, type, documentParameters, arn);
            Optional<Integer> timeout = t.get("TimeoutSeconds").map(n -> n.asScalar().asInt(30, 2_592_000));
            if (timeout.isPresent() && type != WindowTask.Type.RUN_COMMAND) {
                throw InputError.at(t.require("TimeoutSeconds"), "TimeoutSeconds applies to RUN_COMMAND tasks only");
            }
            out.add(new WindowTask(name, type, arn, priority, limits, cutoff, parameters, timeout));
        }
        return out;
    }

    private static RateLimits limits(MapNode t) {
        ScalarNode c = t.require("MaxConcurrency").asScalar();
        RateLimits.concurrencyProblem(c.asString()).ifPresent(p -> {
            throw InputError.at(c, p);
        });
        ScalarNode e = t.require("MaxErrors").asScalar();
        RateLimits.errorsProblem(e.asString()).ifPresent(p -> {
            throw InputError.at(e, p);
        });
        return new RateLimits(c.asString(), e.asString());
    }

    private static Map<String, List<String>> parameters(MapNode t, WindowTask.Type type,
                                                        Optional<Set<String>> documentParameters, String arn) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (t.get("Parameters").isEmpty()) return out;
        MapNode p = t.require("Parameters").asMap();
        for (var e : p.list()) {
            String key = e.getKey();
            if (documentParameters.isPresent() && !documentParameters.get().contains(key)) {
                String hint = Suggest.closest(key, documentParameters.get());
                throw new InputError(p.keyLocation(key), Node.child(p.path(), key), "'" + key + "' is not a parameter of "
                        + Path.of(arn).getFileName() + (hint != null ? " (did you mean '" + hint + "'?)" : "")
                        + "; its parameters: " + String.join(", ", documentParameters.get()));
            }
            List<String> values = strings(e.getValue());
            List<Node> nodes = e.getValue() instanceof ListNode l ? l.items() : List.of(e.getValue());
            for (int i = 0; i < values.size(); i++) {
                for (String ref : PseudoParameters.referenced(values.get(i))) {
                    if (!PseudoParameters.ALL.contains(ref)) {
                        throw InputError.at(nodes.get(i), "unknown pseudo parameter {{" + ref + "}}; expected one of: "
                                + String.join(", ", PseudoParameters.ALL));
                    }
                    if (type == WindowTask.Type.RUN_COMMAND && PseudoParameters.PER_TARGET.contains(ref)) {
                        throw InputError.at(nodes.get(i), "{{" + ref + "}} is not supported in RUN_COMMAND tasks"
                                + " (one command goes to every target)");
                    }
                }
            }
            out.put(key, values);
        }
        return out;
    }

    /** A string or a list of strings. */
    private static List<String> strings(Node n) {
        if (n instanceof ListNode l) {
            List<String> out = new ArrayList<>();
            for (Node i : l.items()) out.add(i.asScalar().asString());
            return out;
        }
        return List.of(n.asScalar().asString());
    }

    private static Set<String> parameterNames(Path doc) {
        Node root = SourceReader.read(doc);
        if (root instanceof MapNode m && m.get("parameters").orElse(null) instanceof MapNode params) {
            return new java.util.LinkedHashSet<>(params.keys());
        }
        return Set.of();
    }

}
