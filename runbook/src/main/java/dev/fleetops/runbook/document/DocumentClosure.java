package dev.fleetops.runbook.document;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A document and the children it starts by name with {@code aws:executeAutomation}, their children and so on,
 * each looked up and validated once: what {@code run} refuses before anything starts, {@code iam} covers and
 * {@code validate} reports. A {@code DocumentName} interpolated at run time cannot be followed.
 *
 * @param children         the children found, in the order they are first started
 * @param childrenNotFound names no document answers to
 * @param invalidChildren  children that are invalid (not followed further)
 * @param reasons          why the children keep the root from running here (not found, invalid, not runnable)
 */
public record DocumentClosure(Validation root, List<Validation> children, List<String> childrenNotFound,
                              List<Validation.Invalid> invalidChildren, List<String> reasons) {

    /** Documents by name: files in a directory, SSM GetDocument... Empty when no document has the name. */
    @FunctionalInterface
    public interface Lookup {
        CompletionStage<Optional<Validation>> find(String name);
    }

    public DocumentClosure {
        children = List.copyOf(children);
        childrenNotFound = List.copyOf(childrenNotFound);
        invalidChildren = List.copyOf(invalidChildren);
        reasons = List.copyOf(reasons);
    }

    /** Follows the children of a root that is not invalid (an invalid one has none worth reading). */
    public static CompletionStage<DocumentClosure> of(Validation root, RunTarget target, Lookup lookup) {
        if (root instanceof Validation.Invalid || root.document() == null) {
            return CompletableFuture.completedFuture(new DocumentClosure(root, List.of(), List.of(), List.of(), List.of()));
        }
        Walk walk = new Walk(target, lookup);
        walk.seen.add(root.document().name());
        return walk.follow(root.document())
                .thenApply(v -> new DocumentClosure(root, walk.children, walk.missing, walk.invalid, walk.reasons));
    }

    /** The root and every child found. */
    public List<Document> documents() {
        List<Document> all = new ArrayList<>();
        if (root.document() != null) all.add(root.document());
        children.forEach(c -> all.add(c.document()));
        return all;
    }

    /** The root's verdict with its children's: a root that is fine but has a child that cannot run is not runnable. */
    public Validation verdict() {
        return verdict(reasons);
    }

    /**
     * As {@link #verdict()}, except that children not found are no reason (validate on AWS: run would also look
     * them up in SSM, which validate does not ask).
     */
    public Validation verdictExceptNotFound() {
        return verdict(reasons.stream().filter(r -> childrenNotFound.stream()
                .noneMatch(m -> r.endsWith("its child document " + m + NOT_FOUND + "not in --docs, nor in SSM)"))).toList());
    }

    private static final String NOT_FOUND = " is not found (";

    private Validation verdict(List<String> reasons) {
        if (reasons.isEmpty() || root instanceof Validation.Invalid) return root;
        List<String> all = new ArrayList<>(root instanceof Validation.NotRunnable n ? n.reasons() : List.of());
        all.addAll(reasons);
        return new Validation.NotRunnable(root.file(), root.document(), root.document().schema().version(), all,
                root.warnings());
    }

    private static final class Walk {
        private final RunTarget target;
        private final Lookup lookup;
        private final Set<String> seen = new HashSet<>();
        private final List<Validation> children = new ArrayList<>();
        private final List<String> missing = new ArrayList<>();
        private final List<Validation.Invalid> invalid = new ArrayList<>();
        private final List<String> reasons = new ArrayList<>();

        Walk(RunTarget target, Lookup lookup) {
            this.target = target;
            this.lookup = lookup;
        }

        CompletionStage<Void> follow(Document d) {
            CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
            for (Step s : d.allSteps()) {
                if (!s.action().equals("aws:executeAutomation")) continue;
                Optional<String> name = s.literalInput("DocumentName");
                if (name.isPresent()) chain = chain.thenCompose(v -> visit(d, s, name.get()));
            }
            return chain;
        }

        private CompletionStage<Void> visit(Document parent, Step s, String name) {
            if (!seen.add(name)) return CompletableFuture.completedFuture(null);
            String where = "step " + s.name() + " (" + parent.name() + "): its child document " + name;
            CompletionStage<Optional<Validation>> found;
            try {
                found = lookup.find(name);
            } catch (RuntimeException e) {
                found = CompletableFuture.failedFuture(e);
            }
            return found.handle((child, error) -> {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    reasons.add(where + " could not be read: " + cause.getMessage());
                    return null;
                }
                if (child.isEmpty()) {
                    missing.add(name);
                    reasons.add(where + NOT_FOUND + (target == RunTarget.SIMULATOR ? "give --docs DIR holding "
                            + name + ".json or .yaml" : "not in --docs, nor in SSM") + ")");
                    return null;
                }
                Validation v = child.get();
                if (v instanceof Validation.Invalid i) {
                    invalid.add(i);
                    reasons.add(where + " is invalid: " + i.errors().get(0) + (i.errors().size() > 1
                            ? " (and " + (i.errors().size() - 1) + " more; see fleetops validate)" : ""));
                    return null;
                }
                children.add(v);
                if (v instanceof Validation.NotRunnable nr) {
                    reasons.add(where + " cannot run " + (target == RunTarget.SIMULATOR ? "on the simulator" : "here")
                            + ": " + String.join("; ", nr.reasons()));
                }
                return v.document();
            }).thenCompose(doc -> doc == null ? CompletableFuture.<Void>completedFuture(null) : follow(doc));
        }
    }
}
