package dev.fleetops.runbook.document;

import dev.fleetops.source.Suggest;

import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.ScalarNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Step names (pattern checked when read; unique here), jump targets ({@code nextStep}, {@code onFailure:
 * step:X}, {@code onCancel: step:X}, branch {@code NextStep}/{@code Default}) and cycles: AWS rejects a step graph
 * with a cycle before running, naming it; {@code aws:loop} is the way to repeat. Sources: "Systems Manager
 * Automation actions reference" (name unique in the runbook; nextStep, onFailure and onCancel name a step;
 * onCancel not on aws:loop, and the actions the cancel path may not run), "Using conditional statements in
 * runbooks" (aws:branch NextStep/Default, no cycles), "aws:loop – Iterate over steps in a runbook" (jumps).
 */
final class FlowChecks {

    private final Document doc;
    private final StepIndex index;
    private final Problems problems;

    FlowChecks(Document doc, StepIndex index, Problems problems) {
        this.doc = doc;
        this.index = index;
        this.problems = problems;
    }

    void check() {
        uniqueNames();
        for (StepIndex.Placed p : index.all()) targets(p);
        if (doc.isAutomation()) {
            cycles(doc.mainSteps());
            for (Step s : doc.allSteps()) if (s.isLoop()) cycles(s.steps());
        }
    }

    private void uniqueNames() {
        Map<String, Step> seen = new HashMap<>();
        for (Step s : doc.allSteps()) {
            if (s.name().isEmpty()) continue;
            Step first = seen.putIfAbsent(s.name(), s);
            if (first != null) {
                problems.at(s.node().require("name"), s.name(), "duplicate step name '" + s.name()
                        + "' (first at line " + first.node().location().line() + ")");
            }
        }
    }

    private void targets(StepIndex.Placed p) {
        Step s = p.step();
        MapNode m = s.node();
        s.nextStep().ifPresent(t -> target(p, t, m.require("nextStep"), "nextStep"));
        if (s.onFailure() instanceof Transition.GoTo g) target(p, g.step(), m.require("onFailure"), "onFailure");
        if (s.onCancel() instanceof Transition.GoTo g) {
            Node at = m.require("onCancel");
            if (s.isLoop()) problems.at(at, s.name(), "onCancel is not allowed on an aws:loop step (only on the steps inside it)");
            target(p, g.step(), at, "onCancel").ifPresent(t -> {
                if (!Actions.automation(t.action()).map(ActionDefinition::onCancelPath).orElse(true)) {
                    problems.at(at, s.name(), "onCancel cannot go to step " + t.name() + ": the cancel path may not run " + t.action());
                }
            });
        }
        if (s.action().equals("aws:branch")) {
            s.inputs().get("Default").ifPresent(d -> {
                if (d instanceof ScalarNode sc) target(p, sc.value(), d, "Default");
            });
            s.inputs().get("Choices").ifPresent(choices -> {
                if (choices instanceof dev.fleetops.source.ListNode l) {
                    for (Node c : l.items()) {
                        if (c instanceof MapNode cm && cm.get("NextStep").orElse(null) instanceof ScalarNode ns) {
                            target(p, ns.value(), ns, "NextStep");
                        }
                    }
                }
            });
        }
    }

    /** The target step when {@code name} names one reachable from {@code from}'s step list. */
    private Optional<Step> target(StepIndex.Placed from, String name, Node at, String what) {
        Optional<StepIndex.Placed> t = index.get(name);
        if (t.isEmpty()) {
            problems.at(at, from.step().name(), what + " names step '" + name + "', which does not exist"
                    + Suggest.didYouMean(name, index.names()));
            return Optional.empty();
        }
        // a jump may stay in its list or leave loops outward; it may not enter a loop body from outside
        List<Step> targetScope = t.get().scope();
        boolean reachable = targetScope == from.scope()
                || from.loops().stream().anyMatch(loop -> index.of(loop).scope() == targetScope);
        if (!reachable) {
            problems.at(at, from.step().name(), what + " cannot jump to step '" + name
                    + "' inside the loop " + t.get().loops().get(t.get().loops().size() - 1).name() + " from outside it");
        }
        return Optional.of(t.get().step());
    }

    private void cycles(List<Step> scope) {
        Map<String, Integer> pos = new LinkedHashMap<>();
        for (int i = 0; i < scope.size(); i++) pos.putIfAbsent(scope.get(i).name(), i);
        List<Set<Integer>> edges = new ArrayList<>();
        for (int i = 0; i < scope.size(); i++) edges.add(successors(scope, i, pos));
        for (List<Integer> cycle : new Tarjan(edges).cycles()) {
            Step first = scope.get(cycle.get(0));
            List<String> names = cycle.stream().map(i -> scope.get(i).name()).toList();
            problems.at(first.node(), first.name(), "the steps form a cycle: " + String.join(" -> ", names) + " -> "
                    + names.get(0) + " (AWS rejects step graphs with cycles; repeat steps with aws:loop)");
        }
    }

    private Set<Integer> successors(List<Step> scope, int i, Map<String, Integer> pos) {
        Step s = scope.get(i);
        Set<Integer> next = new LinkedHashSet<>();
        Integer following = i + 1 < scope.size() ? i + 1 : null;
        if (s.action().equals("aws:branch")) {
            s.inputs().get("Choices").ifPresent(c -> {
                if (c instanceof dev.fleetops.source.ListNode l) {
                    for (Node choice : l.items()) {
                        if (choice instanceof MapNode cm && cm.get("NextStep").orElse(null) instanceof ScalarNode ns) {
                            add(next, pos.get(ns.value()));
                        }
                    }
                }
            });
            Optional<Node> def = s.inputs().get("Default");
            if (def.isPresent() && def.get() instanceof ScalarNode d) add(next, pos.get(d.value()));
            else if (!s.isEnd()) add(next, following);
        } else if (!s.isEnd()) {
            if (s.nextStep().isPresent()) add(next, pos.get(s.nextStep().get()));
            else add(next, following);
        }
        if (s.onFailure() instanceof Transition.GoTo g) add(next, pos.get(g.step()));
        if (s.onCancel() instanceof Transition.GoTo g) add(next, pos.get(g.step()));
        return next;
    }

    private static void add(Set<Integer> set, Integer i) {
        if (i != null) set.add(i);
    }
}
