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
    private final int[][] successors;
    private final Deque<Integer> stack = new ArrayDeque<>();
    private final List<List<Integer>> cycles = new ArrayList<>();
    private int counter;

    Tarjan(List<Set<Integer>> edges) {
        this.edges = edges;
        this.index = new int[edges.size()];
        this.low = new int[edges.size()];
        this.onStack = new boolean[edges.size()];
        this.successors = new int[edges.size()][];
        Arrays.fill(index, -1);
    }

    List<List<Integer>> cycles() {
        for (int v = 0; v < edges.size(); v++) if (index[v] < 0) visit(v);
        cycles.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
        return cycles;
    }

    /**
     * Tarjan's algorithm with an explicit call stack: a document of 50,000 steps chained one after the other is a
     * path 50,000 deep, which the recursive form would walk on the thread's stack (StackOverflowError).
     */
    private void visit(int root) {
        Deque<int[]> calls = new ArrayDeque<>(); // {vertex, index of the next edge to look at}
        enter(root, calls);
        while (!calls.isEmpty()) {
            int[] frame = calls.peek();
            int v = frame[0];
            int[] next = successors[v];
            if (frame[1] < next.length) {
                int w = next[frame[1]++];
                if (index[w] < 0) enter(w, calls);
                else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
                continue;
            }
            calls.pop();
            if (!calls.isEmpty()) {
                int parent = calls.peek()[0];
                low[parent] = Math.min(low[parent], low[v]);
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

    private void enter(int v, Deque<int[]> calls) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
        successors[v] = edges.get(v).stream().mapToInt(Integer::intValue).toArray();
        calls.push(new int[]{v, 0});
    }
}
