package dev.fleetops.cli.demo;

import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.execution.StepRecord;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The two runs side by side, and the steps that made the difference. */
final class DemoText {

    /** The graceful document's steps that take the instance out of rotation and put it back. */
    private static final Set<String> DIFFERENCE = Set.of("aws:executeAwsApi", "aws:waitForAwsResourceProperty");

    private DemoText() { }

    static void print(ExecutionRecord plain, ExecutionRecord graceful, PrintWriter out) {
        out.println();
        out.printf(Locale.ROOT, "%-22s %-26s %-26s%n", "", "plain reboot", "graceful reboot");
        row(out, "document", plain.documentName(), graceful.documentName());
        row(out, "instance", param(plain, "InstanceIds"), param(graceful, "InstanceId"));
        row(out, "status", String.valueOf(plain.status()), String.valueOf(graceful.status()));
        row(out, "duration (virtual)", duration(plain), duration(graceful));
        row(out, "requests", traffic(plain, 0), traffic(graceful, 0));
        row(out, "5xx responses", traffic(plain, 2), traffic(graceful, 2));
        out.println();
        out.println("What made the difference: the graceful run took the instance out of rotation before rebooting it");
        for (StepRecord s : graceful.steps()) {
            if (!DIFFERENCE.contains(s.action())) continue;
            out.printf(Locale.ROOT, "  %-34s %-32s %s%n", s.stepName(), s.action(), stepDuration(s));
        }
        out.println("The plain run rebooted an instance the ALB still routed to: requests reached it until two health");
        out.println("checks 6 s apart had failed, and each of those got a 502 from the load balancer.");
    }

    private static void row(PrintWriter out, String label, String a, String b) {
        out.printf(Locale.ROOT, "%-22s %-26s %-26s%n", label, a, b);
    }

    private static String param(ExecutionRecord r, String name) {
        List<String> v = r.parameters().get(name);
        return v == null || v.isEmpty() ? "" : String.join(",", v);
    }

    private static String duration(ExecutionRecord r) {
        if (r.start().isEmpty() || r.end().isEmpty()) return "";
        Duration d = Duration.between(r.start().get(), r.end().get());
        return d.toMinutes() + "m" + d.toSecondsPart() + "s";
    }

    private static String stepDuration(StepRecord s) {
        if (s.start().isEmpty() || s.end().isEmpty()) return "";
        return Duration.between(s.start().get(), s.end().get()).toSeconds() + " s";
    }

    private static String traffic(ExecutionRecord r, int which) {
        return r.traffic().map(t -> String.valueOf(which == 0 ? t.requests() : which == 1 ? t.responses2xx() : t.responses5xx()))
                .orElse("-");
    }
}
