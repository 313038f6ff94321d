package dev.fleetops.runbook.document;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/** Strongly connected components of a small step graph; each one with a cycle is reported in step order. */
final class Tarjan {

    private final List<Set<Integer>> edges;
    private final int[] index;
    private final int[] low;
    private final boolean[] onStack;
    private final Deque<Integer> stack = new ArrayDeque<>();
    private final List<List<Integer>> cycles = new ArrayList<>();
    private int counter;

    Tarjan(List<Set<Integer>> edges) {
        this.edges = edges;
        this.index = new int[edges.size()];
        this.low = new int[edges.size()];
        this.onStack = new boolean[edges.size()];
        Arrays.fill(index, -1);
    }

    List<List<Integer>> cycles() {
        for (int v = 0; v < edges.size(); v++) if (index[v] < 0) visit(v);
        cycles.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
        return cycles;
    }

    private void visit(int v) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
        for (int w : edges.get(v)) {
            if (index[w] < 0) {
                visit(w);
                low[v] = Math.min(low[v], low[w]);
            } else if (onStack[w]) {
                low[v] = Math.min(low[v], index[w]);
            }
        }
        if (low[v] == index[v]) {
            List<Integer> component = new ArrayList<>();
            int w;
            do {
                w = stack.pop();
                onStack[w] = false;
                component.add(w);
            } while (w != v);
            if (component.size() > 1 || edges.get(v).contains(v)) {
                component.sort(Integer::compare);
                cycles.add(component);
            }
        }
    }
}
