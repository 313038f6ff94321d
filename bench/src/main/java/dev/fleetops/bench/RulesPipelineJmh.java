package dev.fleetops.bench;

import dev.fleetops.events.Classified;
import dev.fleetops.events.Classifier;
import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import software.amazon.event.ruler.GenericMachine;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * fleetops's whole matching path against raw event-ruler on the same message bodies and rules (issue 14's peer):
 * {@code fleetops} parses the body, classifies it (EventBridge, SNS-wrapped or raw Auto Scaling shapes, with their
 * checks) and decides which rules to dispatch, in file order, as the intake does before it dispatches; {@code
 * event-ruler} is one {@code GenericMachine} holding the same patterns, called with the body string
 * ({@code rulesForJSONEvent(String)}, which parses it itself). Both start from the text a queue delivers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class RulesPipelineJmh {

    static final String FLEETOPS = "fleetops";
    static final String RAW = "event-ruler";
    private static final Instant RECEIVED = Instant.parse("2026-01-05T09:00:05Z");

    @Param({FLEETOPS, RAW})
    public String path;
    String[] bodies;
    Classifier classifier;
    RuleSet rules;
    GenericMachine<String> machine;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bodies = bodies();
        rules = RulesBenchmark.Jmh.load("realistic");
        classifier = new Classifier("us-east-1");
        machine = rawMachine(rules);
    }

    @org.openjdk.jmh.annotations.Benchmark
    public int match() throws Exception {
        String body = bodies[next];
        next = next + 1 == bodies.length ? 0 : next + 1;
        return FLEETOPS.equals(path) ? decide(classifier, rules, body).size() : machine.rulesForJSONEvent(body).size();
    }

    /** The intake's decision for one body: the rules it would dispatch to, in file order (none when not accepted). */
    static List<Rule> decide(Classifier classifier, RuleSet rules, String body) {
        Classified c = classifier.classify(body, RECEIVED);
        return c instanceof Classified.Accepted a ? rules.match(a.envelope()) : List.of();
    }

    /** The same patterns in a bare machine, named as fleetops names them. */
    static GenericMachine<String> rawMachine(RuleSet rules) throws Exception {
        GenericMachine<String> m = new GenericMachine<>();
        for (Rule r : rules.rules()) m.addRule(r.name(), Json.compact(r.pattern()));
        return m;
    }

    static String[] bodies() {
        JsonNode[] events = RulesBenchmark.events();
        String[] out = new String[events.length];
        for (int i = 0; i < events.length; i++) out[i] = Json.compact(events[i]);
        return out;
    }
}
