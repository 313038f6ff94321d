package dev.fleetops.source;

import java.util.List;

/** A sequence. */
public record ListNode(List<Node> items, Location location, String path) implements Node {

    public ListNode {
        items = List.copyOf(items);
    }

    @Override
    public String kind() {
        return "a list";
    }

    public int size() {
        return items.size();
    }

    public Node get(int i) {
        return items.get(i);
    }
}
