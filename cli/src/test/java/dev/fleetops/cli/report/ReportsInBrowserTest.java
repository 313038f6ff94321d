package dev.fleetops.cli.report;

import dev.fleetops.cli.CliRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of report as a reader sees it in headless Chromium, written under an English and under a German
 * default locale (where a locale-dependent number would write "12,5" and empty every chart): each chart has
 * bars or segments with a width, its labels are there, nothing is drawn outside its viewBox. Screenshots are
 * saved under target/screenshots/ for people to look at. ({@code serve} serves no HTML: /metrics, /healthz and
 * /readyz are text and JSON.)
 */
class ReportsInBrowserTest {

    private static final String DOCS = "../examples/runbooks";
    private final Locale before = Locale.getDefault();

    @TempDir
    Path dir;

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(before);
    }

    static Stream<Arguments> locales() {
        return Stream.of(Arguments.of("en", Locale.US, "en_US.UTF-8"), Arguments.of("de", Locale.GERMANY, "de_DE.UTF-8"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locales")
    void aRunReportShowsWhatRanWhenAndItsStepsHealthAndTraffic(String tag, Locale locale, String lang) throws Exception {
        HeadlessChromium.Rendered page = report("run-" + tag, locale, lang, "run", "RebootInstanceGraceful", "--docs", DOCS,
                "-p", "InstanceId=@instance:web:0", "-p", "TargetGroupArn=@target-group:web-tg", "--traffic", "2");

        assertDrawn(page, "run0-steps", "run0-health", "run0-traffic");
        assertThat(page.chart("run0-steps").texts()).contains("WaitForDeregisteredTarget", "RebootWithHealthcheck", "Success")
                .doesNotContain("healthy", "unhealthy");
        assertThat(page.chart("run0-health").texts()).contains("healthy", "draining").anyMatch(t -> t.matches("i-[0-9a-f]{17}"));
        assertThat(page.text()).contains("execution id", "InstanceId = i-", "TargetGroupArn = arn:aws:elasticloadbalancing:",
                "start (UTC)", "2026-01-05T09:", "time from 2026-01-05T09:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locales")
    void aCommandDocumentsReportShowsEachInstancesResult(String tag, Locale locale, String lang) throws Exception {
        HeadlessChromium.Rendered page = report("command-" + tag, locale, lang, "--scenario-param", "size=3", "run",
                "../examples/commands/RestartService.yaml", "--targets", "tag:aws:autoscaling:groupName=web", "-p", "Service=nginx");

        assertDrawn(page, "run0-steps", "run0-health");
        assertThat(page.text()).contains("Per instance (SSM ListCommandInvocations)");
        assertThat(page.text().lines().filter(l -> l.matches(".*\\bi-[0-9a-f]{17}\\s+Success\\s+0\\b.*")).count())
                .as(page.text()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locales")
    void aRateControlledRunsReportHasALanePerTarget(String tag, Locale locale, String lang) throws Exception {
        HeadlessChromium.Rendered page = report("rate-control-" + tag, locale, lang, "--scenario-param", "size=4", "run",
                "RebootInstanceGraceful", "--docs", DOCS, "--targets", "tag:aws:autoscaling:groupName=web",
                "--target-parameter-name", "InstanceId", "-p", "TargetGroupArn=@target-group:web-tg", "--max-concurrency", "2");

        assertDrawn(page, "run0-steps", "run0-health");
        HeadlessChromium.Chart steps = page.chart("run0-steps");
        assertThat(steps.marks()).isEqualTo(4);
        assertThat(steps.texts().stream().filter(t -> t.matches("i-[0-9a-f]{17}"))).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locales")
    void theDemoReportShowsBothRunsSideBySide(String tag, Locale locale, String lang) throws Exception {
        HeadlessChromium.Rendered page = report("demo-" + tag, locale, lang, "demo");

        assertDrawn(page, "run0-steps", "run0-health", "run0-traffic", "run1-steps", "run1-health", "run1-traffic");
        assertThat(page.chart("run0-traffic").texts()).contains("2xx", "5xx");
        assertThat(page.text()).contains("Side by side", "plain reboot", "graceful reboot");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locales")
    void anApplyReportShowsEachResourceOverTime(String tag, Locale locale, String lang) throws Exception {
        HeadlessChromium.Rendered page = report("apply-" + tag, locale, lang, "apply", "../examples/fleets/web-fleet.yaml");

        assertDrawn(page, "apply-resources");
        assertThat(page.chart("apply-resources").texts()).contains("fleet web", "web-1", "converging", "changing", "changed");
        assertThat(page.text()).contains("fleet", "converged", "2026-01-05T09:", "register i-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("locales")
    void anEventsReportShowsEachHandlersStepsAndCalls(String tag, Locale locale, String lang) throws Exception {
        HeadlessChromium.Rendered page = report("events-" + tag, locale, lang, "events", "handle",
                "../examples/events/seed003-spot-warning.json", "--rules", "../examples/rules/handlers.yaml", "--instance", "first");

        assertDrawn(page, "event0-h0-steps");
        assertThat(page.chart("event0-h0-steps").texts()).contains("detach", "drain", "Success");
        assertThat(page.text()).contains("EC2 Spot Instance Interruption Warning", "DetachInstances", "spot-interruption");
    }

    /** Runs the command line under {@code locale} with --report, then renders the page under {@code lang}. */
    private HeadlessChromium.Rendered report(String name, Locale locale, String lang, String... args) throws Exception {
        Path file = dir.resolve(name + ".html");
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--report");
        all.add(file.toString());
        Locale.setDefault(locale);
        CliRun r;
        try {
            r = CliRun.of(all.toArray(String[]::new));
        } finally {
            Locale.setDefault(before);
        }
        assertThat(r.exitCode()).as(r.err()).isZero();
        return HeadlessChromium.render(file, name, lang);
    }

    /** Every named chart is there; every chart has marks with a width, labels, and nothing outside its viewBox. */
    private static void assertDrawn(HeadlessChromium.Rendered page, String... ids) {
        for (String id : ids) page.chart(id);
        for (HeadlessChromium.Chart c : page.charts()) {
            assertThat(c.marks()).as(c.id() + ": bars or segments with a width").isPositive();
            assertThat(c.texts()).as(c.id() + ": labels").isNotEmpty().allMatch(t -> !t.isBlank());
            assertThat(c.outside()).as(c.id() + ": drawn outside the viewBox").isEmpty();
        }
    }
}
