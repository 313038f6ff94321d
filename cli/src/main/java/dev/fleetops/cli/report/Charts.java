package dev.fleetops.cli.report;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Charts as inline SVG: a report opens offline, in any browser, with nothing to download. Each chart carries
 * {@code data-chart} so tests (and readers' scripts) can find it; its data marks carry {@code class="mark"}.
 * Every number written into SVG goes through {@link #num}: SVG wants a dot as decimal separator whatever the
 * JVM's locale.
 */
public final class Charts {

    /** Colours of target states, shared by every report so a reader learns them once. */
    public static final Map<String, String> STATE_COLORS = Map.ofEntries(
            Map.entry("healthy", "#2e7d32"), Map.entry("initial", "#90caf9"), Map.entry("unhealthy", "#c62828"),
            Map.entry("draining", "#f9a825"), Map.entry("unused", "#bdbdbd"), Map.entry("unavailable", "#6d4c41"),
            Map.entry("not registered", "#e0e0e0"), Map.entry("rebooting", "#8e24aa"), Map.entry("stopped", "#424242"));

    /** Colours of step and execution statuses (SSM's StepStatus values). */
    public static final Map<String, String> STATUS_COLORS = Map.ofEntries(
            Map.entry("Success", "#2e7d32"), Map.entry("Failed", "#c62828"), Map.entry("TimedOut", "#e65100"),
            Map.entry("Cancelled", "#9e9e9e"), Map.entry("Cancelling", "#bdbdbd"), Map.entry("InProgress", "#1e88e5"),
            Map.entry("Waiting", "#f9a825"), Map.entry("Pending", "#90caf9"), Map.entry("Exited", "#6d4c41"));

    static final int WIDTH = 960;
    private static final int LABEL = 250;
    private static final int PLOT = WIDTH - LABEL - 10;
    private static final int LANE_HEIGHT = 22;
    /** Characters of a lane label that fit left of the plot in 12 px monospace (about 7.2 px each). */
    private static final int LABEL_CHARS = 33;
    private static final int LEGEND_ROW = 16;
    private static final String OTHER = "#78909c";

    private Charts() { }

    /**
     * The step timeline of one execution, as the HTML report draws it; a running one up to {@code now}. Empty when
     * no step started yet.
     */
    public static String stepTimeline(String id, dev.fleetops.execution.ExecutionRecord rec, Instant now) {
        List<Lane> lanes = Timelines.steps(rec, now);
        if (lanes.isEmpty()) return "";
        Instant start = lanes.stream().map(l -> l.segments().get(0).from()).min(Instant::compareTo).orElseThrow();
        Instant end = rec.end().orElse(now.isAfter(start) ? now : start.plusSeconds(1));
        return lanes(id, lanes, start, end, STATUS_COLORS);
    }

    /** A swim-lane chart of target states over [start, end]. */
    public static String lanes(String id, List<Lane> lanes, Instant start, Instant end) {
        return lanes(id, lanes, start, end, STATE_COLORS);
    }

    /** A swim-lane chart of states over [start, end], each state in its colour from {@code colors}. */
    public static String lanes(String id, List<Lane> lanes, Instant start, Instant end, Map<String, String> colors) {
        double span = Math.max(1, Duration.between(start, end).toMillis());
        StringBuilder b = new StringBuilder();
        Map<String, String> used = new LinkedHashMap<>();
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            int y = 10 + i * LANE_HEIGHT;
            b.append("<text x=\"0\" y=\"").append(y + 14).append("\" font-size=\"12\" font-family=\"monospace\">")
                    .append(esc(fit(lane.label()))).append("<title>").append(esc(lane.label())).append("</title></text>");
            for (Lane.Segment s : lane.segments()) {
                double x0 = LABEL + PLOT * Duration.between(start, s.from()).toMillis() / span;
                double x1 = LABEL + PLOT * Duration.between(start, s.to()).toMillis() / span;
                String color = colors.getOrDefault(s.state(), OTHER);
                used.put(s.state(), color);
                b.append("<rect x=\"").append(num(x0)).append("\" y=\"").append(y)
                        .append("\" width=\"").append(num(Math.max(0.5, x1 - x0))).append("\" height=\"")
                        .append(LANE_HEIGHT - 4).append("\" fill=\"").append(color).append("\" class=\"mark\"><title>")
                        .append(esc(lane.label())).append(": ").append(esc(s.state())).append(" from +")
                        .append(Duration.between(start, s.from()).toSeconds()).append("s to +")
                        .append(Duration.between(start, s.to()).toSeconds()).append("s (")
                        .append(utc(s.from())).append(" to ").append(utc(s.to())).append(")</title></rect>");
            }
        }
        int axisY = 10 + lanes.size() * LANE_HEIGHT + 4;
        timeAxis(b, axisY, span, start);
        int height = legend(b, used, axisY + 44);
        return svg(id, "lanes", height, b);
    }

    /** Stacked bars per time bucket (e.g. requests per second by outcome). */
    public static String stackedBars(String id, List<Series> series, Duration bucket) {
        return stackedBars(id, series, bucket, null);
    }

    /** Stacked bars per time bucket from {@code start} (named under the axis when given). */
    public static String stackedBars(String id, List<Series> series, Duration bucket, Instant start) {
        int buckets = series.isEmpty() ? 0 : series.get(0).values().length;
        long max = 1;
        for (int i = 0; i < buckets; i++) {
            long sum = 0;
            for (Series s : series) sum += s.values()[i];
            max = Math.max(max, sum);
        }
        int chartHeight = 140;
        StringBuilder b = new StringBuilder();
        b.append("<text x=\"0\" y=\"14\" font-size=\"12\" font-family=\"monospace\">max ").append(max).append(" / ")
                .append(bucket.toSeconds()).append("s</text>");
        double w = buckets == 0 ? 0 : (double) PLOT / buckets;
        Map<String, String> used = new LinkedHashMap<>();
        for (int i = 0; i < buckets; i++) {
            double y = 10 + chartHeight;
            for (Series s : series) {
                long v = s.values()[i];
                if (v == 0) continue;
                double h = chartHeight * (double) v / max;
                y -= h;
                used.put(s.name(), s.color());
                b.append("<rect x=\"").append(num(LABEL + i * w)).append("\" y=\"").append(num(y))
                        .append("\" width=\"").append(num(Math.max(0.5, w - 0.3))).append("\" height=\"").append(num(h))
                        .append("\" fill=\"").append(s.color()).append("\" class=\"mark\"><title>+").append(i * bucket.toSeconds())
                        .append("s: ").append(v).append(' ').append(esc(s.name())).append("</title></rect>");
            }
        }
        int axisY = 10 + chartHeight + 2;
        timeAxis(b, axisY, Math.max(1, buckets * bucket.toMillis()), start);
        int height = legend(b, used, axisY + (start == null ? 30 : 44));
        return svg(id, "bars", height, b);
    }

    private static String svg(String id, String kind, int height, StringBuilder content) {
        return "<svg data-chart=\"" + esc(id) + "\" class=\"chart " + kind + "\" viewBox=\"0 0 " + WIDTH + " " + height
                + "\" width=\"" + WIDTH + "\" height=\"" + height + "\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">"
                + content + "</svg>";
    }

    /**
     * The time axis under a plot: a line at {@code y}, ticks at a round step (1, 2, 5, 10, 15, 30 s, 1, 2, 5...
     * min) labelled with the offset from the start, the last label right-aligned so it stays inside the chart,
     * and, when {@code start} is known, what the offsets count from (UTC).
     */
    private static void timeAxis(StringBuilder b, int y, double spanMillis, Instant start) {
        b.append("<line x1=\"").append(LABEL).append("\" y1=\"").append(y).append("\" x2=\"").append(LABEL + PLOT)
                .append("\" y2=\"").append(y).append("\" stroke=\"#555\"/>");
        long step = tickStep(spanMillis / 1000.0);
        for (long s = 0; s * 1000 <= spanMillis; s += step) {
            double x = LABEL + PLOT * (s * 1000) / spanMillis;
            String anchor = x > LABEL + PLOT - 24 ? "end" : "middle";
            b.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(y).append("\" x2=\"").append(num(x))
                    .append("\" y2=\"").append(y + 4).append("\" stroke=\"#555\"/>");
            b.append("<text x=\"").append(num(x)).append("\" y=\"").append(y + 15)
                    .append("\" font-size=\"10\" text-anchor=\"").append(anchor).append("\" font-family=\"monospace\">")
                    .append(offset(s)).append("</text>");
        }
        if (start != null) {
            b.append("<text x=\"").append(LABEL).append("\" y=\"").append(y + 29)
                    .append("\" font-size=\"10\" font-family=\"sans-serif\" fill=\"#555\">time from ")
                    .append(utc(start)).append(" (UTC)</text>");
        }
    }

    private static final long[] STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400};

    /** The smallest round step that puts at most 10 ticks on the axis. */
    static long tickStep(double spanSeconds) {
        for (long s : STEPS) if (spanSeconds / s <= 10) return s;
        return (long) Math.ceil(spanSeconds / 10 / 86400) * 86400;
    }

    /** An offset from a chart's start as its axis writes it: +45s, +7m30s, +1h2m. */
    public static String offset(long seconds) {
        if (seconds < 60) return "+" + seconds + "s";
        if (seconds < 3600) return "+" + seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        return "+" + seconds / 3600 + "h" + (seconds % 3600 == 0 ? "" : seconds % 3600 / 60 + "m");
    }

    /** The legend from {@code y} down, wrapped to the chart's width; returns the chart's height. */
    private static int legend(StringBuilder b, Map<String, String> used, int y) {
        int x = LABEL;
        for (var e : used.entrySet()) {
            int w = 24 + 7 * e.getKey().length();
            if (x > LABEL && x + w > WIDTH) {
                x = LABEL;
                y += LEGEND_ROW;
            }
            b.append("<rect x=\"").append(x).append("\" y=\"").append(y - 9).append("\" width=\"10\" height=\"10\" fill=\"")
                    .append(e.getValue()).append("\"/>");
            b.append("<text x=\"").append(x + 14).append("\" y=\"").append(y)
                    .append("\" font-size=\"11\" font-family=\"sans-serif\">").append(esc(e.getKey())).append("</text>");
            x += w;
        }
        return y + 6;
    }

    /** A lane label that fits left of the plot (the whole label is the element's title). */
    private static String fit(String label) {
        return label.length() <= LABEL_CHARS ? label : label.substring(0, LABEL_CHARS - 1) + "\u2026";
    }

    /** A number for SVG: a dot as decimal separator, one decimal, whatever the default locale. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** An instant as ISO-8601 UTC to the second (what the report shows as absolute time). */
    public static String utc(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String esc(String s) {
        return HtmlPage.escape(s);
    }
}
