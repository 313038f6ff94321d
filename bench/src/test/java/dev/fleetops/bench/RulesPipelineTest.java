package dev.fleetops.bench;

import dev.fleetops.events.Classifier;
import dev.fleetops.events.rules.Rule;
import dev.fleetops.events.rules.RuleSet;
import org.junit.jupiter.api.Test;
import software.amazon.event.ruler.GenericMachine;

import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bench rules compares like with like: both paths decide the same rules for every body the benchmark sends. */
class RulesPipelineTest {

    @Test
    void fleetopsAndRawEventRulerMatchTheSameRulesOnEveryBody() throws Exception {
        RuleSet rules = RulesBenchmark.Jmh.load("realistic");
        GenericMachine<String> raw = RulesPipelineJmh.rawMachine(rules);
        Classifier classifier = new Classifier("us-east-1");
        int matched = 0;
        for (String body : RulesPipelineJmh.bodies()) {
            List<String> ours = RulesPipelineJmh.decide(classifier, rules, body).stream().map(Rule::name).toList();
            assertEquals(new HashSet<>(raw.rulesForJSONEvent(body)), new HashSet<>(ours), body);
            matched += ours.size();
        }
        // the fleet rule set matches one to three rules per event: a comparison of two empty answers proves nothing
        assertTrue(matched > 1000, "matches over 1,000 bodies: " + matched);
    }
}
