package dev.fleetops.cli.report;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Charts as inline SVG: a report opens offline, in any browser, with nothing to download. Each chart carries
 * {@code data-chart} so tests (and readers' scripts) can find it.
 */
public final class Charts {

    /** Colours of target states and outcomes, shared by every report so a reader learns them once. */
    public static final Map<String, String> STATE_COLORS = Map.ofEntries(
            Map.entry("healthy", "#2e7d32"), Map.entry("initial", "#90caf9"), Map.entry("unhealthy", "#c62828"),
            Map.entry("draining", "#f9a825"), Map.entry("unused", "#bdbdbd"), Map.entry("unavailable", "#6d4c41"),
            Map.entry("absent", "#eeeeee"), Map.entry("rebooting", "#8e24aa"), Map.entry("stopped", "#424242"));

    private static final int WIDTH = 960;
    private static final int LABEL = 170;
    private static final int LANE_HEIGHT = 22;

    private Charts() { }

    /** A swim-lane chart of states over [start, end]. */
    public static String lanes(String id, List<Lane> lanes, Instant start, Instant end) {
        double span = Math.max(1, Duration.between(start, end).toMillis());
        int plot = WIDTH - LABEL - 10;
        int height = lanes.size() * LANE_HEIGHT + 40;
        StringBuilder b = new StringBuilder();
        b.append(String.format("<svg data-chart=\"%s\" class=\"chart lanes\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                + "height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">", esc(id), WIDTH, height, WIDTH, height));
        Map<String, String> used = new LinkedHashMap<>();
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            int y = 10 + i * LANE_HEIGHT;
            b.append(String.format("<text x=\"0\" y=\"%d\" font-size=\"12\" font-family=\"monospace\">%s</text>",
                    y + 14, esc(lane.label())));
            for (Lane.Segment s : lane.segments()) {
                double x0 = LABEL + plot * Duration.between(start, s.from()).toMillis() / span;
                double x1 = LABEL + plot * Duration.between(start, s.to()).toMillis() / span;
                String color = STATE_COLORS.getOrDefault(s.state(), "#78909c");
                used.put(s.state(), color);
                b.append(String.format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\">"
                                + "<title>%s: %s from +%ds to +%ds</title></rect>", x0, y, Math.max(0.5, x1 - x0),
                        LANE_HEIGHT - 4, color, esc(lane.label()), esc(s.state()),
                        Duration.between(start, s.from()).toSeconds(), Duration.between(start, s.to()).toSeconds()));
            }
        }
        axis(b, height - 22, plot, span);
        legend(b, used, height - 6);
        return b.append("</svg>").toString();
    }

    /** Stacked bars per time bucket (e.g. requests per second by outcome). */
    public static String stackedBars(String id, List<Series> series, Duration bucket) {
        int buckets = series.isEmpty() ? 0 : series.get(0).values().length;
        long max = 1;
        for (int i = 0; i < buckets; i++) {
            long sum = 0;
            for (Series s : series) sum += s.values()[i];
            max = Math.max(max, sum);
        }
        int plot = WIDTH - LABEL - 10;
        int chartHeight = 140;
        int height = chartHeight + 50;
        StringBuilder b = new StringBuilder();
        b.append(String.format("<svg data-chart=\"%s\" class=\"chart bars\" viewBox=\"0 0 %d %d\" width=\"%d\" "
                + "height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\">", esc(id), WIDTH, height, WIDTH, height));
        b.append(String.format("<text x=\"0\" y=\"14\" font-size=\"12\" font-family=\"monospace\">max %d / %ds</text>",
                max, bucket.toSeconds()));
        double w = buckets == 0 ? 0 : (double) plot / buckets;
        Map<String, String> used = new LinkedHashMap<>();
        for (int i = 0; i < buckets; i++) {
            double y = 10 + chartHeight;
            for (Series s : series) {
                long v = s.values()[i];
                if (v == 0) continue;
                double h = chartHeight * (double) v / max;
                y -= h;
                used.put(s.name(), s.color());
                b.append(String.format("<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\">"
                                + "<title>+%ds: %d %s</title></rect>", LABEL + i * w, y, Math.max(0.5, w - 0.3), h,
                        s.color(), i * bucket.toSeconds(), v, esc(s.name())));
            }
        }
        axis(b, chartHeight + 26, plot, Math.max(1, buckets * bucket.toMillis()));
        legend(b, used, height - 4);
        return b.append("</svg>").toString();
    }

    private static void axis(StringBuilder b, int y, int plot, double spanMillis) {
        b.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>", LABEL, y - 12,
                LABEL + plot, y - 12));
        for (int t = 0; t <= 10; t++) {
            double x = LABEL + plot * t / 10.0;
            long seconds = Math.round(spanMillis * t / 10.0 / 1000);
            b.append(String.format("<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
                    + "font-family=\"monospace\">+%ds</text>", x, y, seconds));
        }
    }

    private static void legend(StringBuilder b, Map<String, String> used, int y) {
        int x = LABEL;
        for (var e : used.entrySet()) {
            b.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", x, y - 9, e.getValue()));
            b.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"11\" font-family=\"sans-serif\">%s</text>",
                    x + 14, y, esc(e.getKey())));
            x += 24 + 7 * e.getKey().length();
        }
    }

    static String esc(String s) {
        return HtmlPage.escape(s);
    }
}
