package dev.fleetops.sim.events;

import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.services.eventbridge.model.DeleteRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.DeleteRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.DescribeRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.ListRulesRequest;
import software.amazon.awssdk.services.eventbridge.model.ListRulesResponse;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.ListTargetsByRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.PutRuleResponse;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.PutTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.RemoveTargetsRequest;
import software.amazon.awssdk.services.eventbridge.model.RemoveTargetsResponse;
import software.amazon.awssdk.services.eventbridge.model.Rule;
import software.amazon.awssdk.services.eventbridge.model.RuleState;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.event.ruler.Machine;
import software.amazon.event.ruler.RuleCompiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The default bus's rules and targets (PutRule ... RemoveTargets), and one event-ruler {@link Machine} holding
 * the patterns of the enabled rules, so matching an event costs one machine walk, not one per rule.
 */
final class EventRules {

    private static final Pattern NAME = Pattern.compile("[.\\-_A-Za-z0-9]{1,64}");
    private static final int MAX_TARGETS_PER_RULE = 5;

    private final String region;
    private final String account;
    private final TreeMap<String, EventRule> rules = new TreeMap<>(); // AWS lists rules by name
    private final Machine machine = new Machine();

    EventRules(String region, String account) {
        this.region = region;
        this.account = account;
    }

    /** The enabled rules whose pattern matches {@code event}, in name order. */
    List<EventRule> matching(JsonNode event) {
        if (machine.isEmpty()) return List.of();
        List<String> names = machine.rulesForJSONEvent(event);
        if (names.isEmpty()) return List.of();
        List<EventRule> out = new ArrayList<>(names.size());
        for (String n : names.size() > 1 ? new TreeSet<>(names) : names) out.add(rules.get(n));
        return out;
    }

    PutRuleResponse putRule(PutRuleRequest r) {
        checkBus(r.eventBusName());
        String name = ruleName(r.name());
        if (r.scheduleExpression() != null) {
            throw EventBridgeErrors.validation("ScheduleExpression rules are not modelled by the simulated region.");
        }
        String pattern = r.eventPattern();
        if (pattern == null) {
            throw EventBridgeErrors.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        String problem = RuleCompiler.check(pattern);
        if (problem != null) throw EventBridgeErrors.invalidPattern(problem);
        boolean enabled = r.state() == null || r.state() != RuleState.DISABLED;
        EventRule rule = rules.get(name);
        if (rule == null) {
            rule = new EventRule(name, "arn:aws:events:" + region + ":" + account + ":rule/" + name);
            rules.put(name, rule);
        } else if (rule.enabled) {
            unindex(rule);
        }
        rule.pattern = pattern;
        rule.enabled = enabled;
        if (r.description() != null) rule.description = r.description();
        if (enabled) index(rule);
        return PutRuleResponse.builder().ruleArn(rule.arn).build();
    }

    DescribeRuleResponse describeRule(DescribeRuleRequest r) {
        checkBus(r.eventBusName());
        EventRule rule = existing(r.name());
        return DescribeRuleResponse.builder().name(rule.name).arn(rule.arn).eventPattern(rule.pattern)
                .state(state(rule)).description(rule.description).eventBusName("default").createdBy(account).build();
    }

    ListRulesResponse listRules(ListRulesRequest r) {
        checkBus(r.eventBusName());
        List<Rule> all = new ArrayList<>();
        for (EventRule rule : rules.values()) {
            if (r.namePrefix() != null && !rule.name.startsWith(r.namePrefix())) continue;
            all.add(Rule.builder().name(rule.name).arn(rule.arn).eventPattern(rule.pattern).state(state(rule))
                    .description(rule.description).eventBusName("default").build());
        }
        Page<Rule> page = page(all, r.limit(), r.nextToken());
        return ListRulesResponse.builder().rules(page.items()).nextToken(page.next()).build();
    }

    /** Deleting a missing rule succeeds (the API reference: repeated calls all succeed). */
    DeleteRuleResponse deleteRule(DeleteRuleRequest r) {
        checkBus(r.eventBusName());
        EventRule rule = rules.get(ruleName(r.name()));
        if (rule != null) {
            if (!rule.targets.isEmpty() && !Boolean.TRUE.equals(r.force())) {
                throw EventBridgeErrors.validation("Rule can't be deleted since it has targets.");
            }
            if (rule.enabled) unindex(rule);
            rules.remove(rule.name);
        }
        return DeleteRuleResponse.builder().build();
    }

    PutTargetsResponse putTargets(PutTargetsRequest r) {
        checkBus(r.eventBusName());
        EventRule rule = existing(r.rule());
        List<Target> targets = r.hasTargets() ? r.targets() : List.of();
        if (targets.isEmpty() || targets.size() > 10) {
            throw EventBridgeErrors.lengthConstraint("targets", targets.size() + " targets",
                    "Member must have length less than or equal to 10 and greater than or equal to 1");
        }
        for (Target t : targets) {
            if (t.id() == null || !NAME.matcher(t.id()).matches()) {
                throw EventBridgeErrors.lengthConstraint("targets.member.id", t.id(),
                        "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
            }
            if (t.arn() == null || t.arn().isEmpty()) {
                throw EventBridgeErrors.lengthConstraint("targets.member.arn", t.arn(),
                        "Member must have length greater than or equal to 1");
            }
            if (t.inputTransformer() != null) {
                throw EventBridgeErrors.validation("InputTransformer is not modelled by the simulated region.");
            }
            if (t.input() != null && t.inputPath() != null) {
                throw EventBridgeErrors.validation("Only one of Input, InputPath, or InputTransformer must be provided.");
            }
            if (t.inputPath() != null && InputPaths.pointer(t.inputPath()) == null) {
                throw EventBridgeErrors.validation("InputPath " + t.inputPath() + " is not a valid JSONPath.");
            }
        }
        long added = targets.stream().map(Target::id).distinct().filter(id -> !rule.targets.containsKey(id)).count();
        if (rule.targets.size() + added > MAX_TARGETS_PER_RULE) {
            throw EventBridgeErrors.limitExceeded("The requested resource exceeds the maximum number allowed.");
        }
        for (Target t : targets) rule.targets.put(t.id(), t);
        return PutTargetsResponse.builder().failedEntryCount(0).failedEntries(List.<PutTargetsResultEntry>of()).build();
    }

    ListTargetsByRuleResponse listTargetsByRule(ListTargetsByRuleRequest r) {
        checkBus(r.eventBusName());
        EventRule rule = existing(r.rule());
        Page<Target> page = page(new ArrayList<>(rule.targets.values()), r.limit(), r.nextToken());
        return ListTargetsByRuleResponse.builder().targets(page.items()).nextToken(page.next()).build();
    }

    RemoveTargetsResponse removeTargets(RemoveTargetsRequest r) {
        checkBus(r.eventBusName());
        EventRule rule = existing(r.rule());
        if (r.hasIds()) r.ids().forEach(rule.targets::remove);
        return RemoveTargetsResponse.builder().failedEntryCount(0).build();
    }

    private void index(EventRule rule) {
        try {
            machine.addRule(rule.name, rule.pattern);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the pattern passed RuleCompiler.check
        }
    }

    private void unindex(EventRule rule) {
        try {
            machine.deleteRule(rule.name, rule.pattern);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EventRule existing(String name) {
        EventRule rule = rules.get(ruleName(name));
        if (rule == null) throw EventBridgeErrors.ruleNotFound(name);
        return rule;
    }

    private static String ruleName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw EventBridgeErrors.lengthConstraint("name", name,
                    "Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        }
        return name;
    }

    /** Only the default bus is modelled; it may be named, by name or ARN. */
    private void checkBus(String bus) {
        if (bus == null || bus.equals("default") || bus.equals("arn:aws:events:" + region + ":" + account + ":event-bus/default")) {
            return;
        }
        throw EventBridgeErrors.busNotFound(bus);
    }

    private static RuleState state(EventRule rule) {
        return rule.enabled ? RuleState.ENABLED : RuleState.DISABLED;
    }

    private record Page<T>(List<T> items, String next) { }

    private static <T> Page<T> page(List<T> all, Integer limit, String token) {
        if (limit != null && (limit < 1 || limit > 100)) {
            throw EventBridgeErrors.lengthConstraint("limit", limit,
                    "Member must have value less than or equal to 100 and greater than or equal to 1");
        }
        int start = 0;
        if (token != null) {
            try {
                start = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw EventBridgeErrors.validation("The NextToken provided is invalid.");
            }
        }
        int size = limit == null ? 100 : limit;
        int end = Math.min(all.size(), start + size);
        return new Page<>(all.subList(Math.min(start, end), end), end < all.size() ? Integer.toString(end) : null);
    }
}
