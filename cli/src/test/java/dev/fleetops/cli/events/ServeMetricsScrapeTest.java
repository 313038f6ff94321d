package dev.fleetops.cli.events;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code fleetops serve} process handles 3 events posted to its HTTP intake, then its /metrics is scraped
 * over HTTP and checked strictly against the text format 0.0.4 (every sample's family has HELP and TYPE lines, a
 * counter's samples end in _total, a histogram has cumulative _bucket lines up to le="+Inf" equal to its _count,
 * and a _sum), and for the values a user would check: 3 received, 3 handled, 3 handler executions Success.
 */
class ServeMetricsScrapeTest {

    static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");

    @TempDir
    Path dir;

    Process serve;

    @AfterEach
    void kill() {
        if (serve != null) serve.destroyForcibly();
    }

    @Test
    void threeHandledEventsShowAsThreeInAStrictlyParsedScrape() throws Exception {
        ServeKillTest fixture = new ServeKillTest();
        fixture.dir = dir;
        Path cfg = fixture.config(); // its rule log-all handles every aws.ec2 event
        ServeKillTest.Child child = fixture.start(cfg);
        serve = child.process();
        HttpClient client = HttpClient.newHttpClient();
        for (int n = 1; n <= 3; n++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port() + "/events"))
                    .header("Authorization", "Bearer " + ServeKillTest.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(ServeKillTest.event(n))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        }
        ServeKillTest.await(() -> ServeKillTest.effects(child).size() == 3, () -> String.join("\n", child.err()));

        HttpResponse<String> m = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Double> v = parseStrictly(m.body());

        assertThat(v.get("fleetops_events_received_total{source=\"http\"}")).isEqualTo(3.0);
        assertThat(v.get("fleetops_events_matched_total{rule=\"log-all\"}")).isEqualTo(3.0);
        assertThat(v.get("fleetops_events_total{outcome=\"handled\"}")).isEqualTo(3.0);
        assertThat(v.get("fleetops_executions_total{kind=\"handler\",status=\"Success\"}")).isEqualTo(3.0);
        assertThat(v.entrySet().stream().filter(e -> e.getKey().startsWith("fleetops_handler_latency_seconds_count"))
                .mapToDouble(Map.Entry::getValue).sum()).isEqualTo(3.0);
        assertThat(v.get("fleetops_lease_acquisitions_total")).isGreaterThanOrEqualTo(3.0);
        assertThat(v.get("fleetops_lease_takeovers_total")).isZero();
        assertThat(v.get("fleetops_lease_losses_total")).isZero();
        assertThat(v.get("fleetops_events_duplicates_total")).isZero();
        assertThat(v.keySet()).anyMatch(k -> k.startsWith("fleetops_build_info{commit=\"") && k.contains("version=\"0."))
                .anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
                .anyMatch(k -> k.startsWith("jvm_threads_current"));
    }

    /** Samples by name and labels, after checking the exposition's structure; fails on the first violation. */
    static Map<String, Double> parseStrictly(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Boolean> help = new HashMap<>();
        Map<String, Double> samples = new LinkedHashMap<>();
        Map<String, Double> lastBucket = new HashMap<>();
        Map<String, Double> infBucket = new HashMap<>();
        assertThat(text).endsWith("\n");
        for (String line : List.of(text.split("\n"))) {
            if (line.startsWith("# HELP ")) {
                help.put(line.split(" ", 4)[2], true);
            } else if (line.startsWith("# TYPE ")) {
                String[] t = line.split(" ");
                assertThat(t).as(line).hasSize(4);
                assertThat(t[3]).as(line).isIn("counter", "gauge", "histogram", "summary", "untyped");
                assertThat(help).as("HELP before TYPE: " + line).containsKey(t[2]);
                types.put(t[2], t[3]);
            } else {
                assertThat(line).as("no blank or other comment line").isNotBlank().doesNotStartWith("#");
                Matcher s = SAMPLE.matcher(line);
                assertThat(s.matches()).as("a sample line: " + line).isTrue();
                String name = s.group(1);
                double value = Double.parseDouble(s.group(3).replace("+Inf", "Infinity"));
                String family = family(name, types);
                assertThat(family).as("a TYPE line before " + line).isNotNull();
                String type = types.get(family);
                if (type.equals("counter")) assertThat(name).as(line).endsWith("_total").isIn(family, family + "_total");
                if (type.equals("histogram")) {
                    assertThat(name).as(line).isIn(family + "_bucket", family + "_sum", family + "_count");
                    String series = family + withoutLe(s.group(2));
                    if (name.endsWith("_bucket")) {
                        assertThat(value).as("cumulative: " + line).isGreaterThanOrEqualTo(lastBucket.getOrDefault(series, 0.0));
                        lastBucket.put(series, value);
                        if (s.group(2).contains("le=\"+Inf\"")) infBucket.put(series, value);
                    } else if (name.endsWith("_count")) {
                        assertThat(infBucket.get(series)).as("+Inf bucket equals _count: " + line).isEqualTo(value);
                    }
                }
                assertThat(samples.put(name + (s.group(2) == null ? "" : s.group(2)), value)).as("one sample per series: " + line).isNull();
            }
        }
        return samples;
    }

    /** The family a sample belongs to: its name, or its name without a counter's or histogram's suffix. */
    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) return name;
        for (String suffix : List.of("_total", "_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix) && types.containsKey(name.substring(0, name.length() - suffix.length()))) {
                return name.substring(0, name.length() - suffix.length());
            }
        }
        return null;
    }

    private static String withoutLe(String labels) {
        if (labels == null) return "";
        String l = labels.replaceAll(",?le=\"[^\"]*\"", "").replace("{,", "{");
        return l.equals("{}") ? "" : l;
    }
}
