package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.cloud.api.ReadCoalescer;
import dev.fleetops.retry.AwsError;
import dev.fleetops.execution.ExecutionRecord;
import dev.fleetops.json.Json;
import dev.fleetops.execution.RunbookRunner;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.runbook.document.DocumentValidator;
import dev.fleetops.runbook.document.Parameter;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.runbook.document.Schema;
import dev.fleetops.runbook.document.Step;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.runbook.rate.RateControl;
import dev.fleetops.observe.EventPublisher;
import dev.fleetops.time.Scheduler;
import dev.fleetops.waiters.Backoff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs SSM Automation documents (and Command documents, through aws:runCommand) on a {@link Cloud}: the AWS
 * clients or the simulated region. Starting refuses, with every reason, a document that is invalid, not runnable
 * here or given bad parameters (nothing runs then); a started execution always ends with a record.
 */
public final class RunbookEngine implements RunbookRunner {

    private final Cloud cloud;
    private final ApiInvoker invoker;
    private final ActionRegistry registry;
    private final DocumentValidator validator;
    private final DocumentLibrary library;
    private final ExecutionIds ids;
    private final boolean simulated;
    private final EventPublisher<RunbookEvent> events;
    private final EngineServices services;
    private final Map<String, Execution> running = new ConcurrentHashMap<>();
    private final Map<String, Restored> resuming = new ConcurrentHashMap<>();
    /** Executions about to start whose tokens derive from another id than their own ({@link #runChild(String, Map, String, String, String)}). */
    private final Map<String, String> tokenScopes = new ConcurrentHashMap<>();
    private final DurableJournal durable;
    private final RateControl.Listener parents;
    private final java.util.function.Function<Cloud, RunbookEngine> elsewhere;

    private RunbookEngine(Builder b) {
        this.cloud = b.cloud;
        this.elsewhere = b.elsewhere;
        Scheduler scheduler = SerialScheduler.of(b.cloud.scheduler());
        // One coalescer for every execution of this engine: concurrent waits on the same reads share their calls.
        this.invoker = b.readTick == null || b.invoker.reads().isPresent() ? b.invoker
                : b.invoker.coalescing(new ReadCoalescer(b.cloud.scheduler(), b.readTick, RunbookEngine::everyonesError));
        this.registry = b.registry;
        this.simulated = b.simulated;
        this.validator = new DocumentValidator(invoker.catalog(), simulated ? RunTarget.SIMULATOR : RunTarget.AWS);
        DocumentLibrary ssm = b.ssmLibrary ? DocumentLibrary.ssm(invoker, cloud, validator) : DocumentLibrary.NONE;
        this.library = b.docs == null ? ssm : DocumentLibrary.directory(b.docs, validator).orElse(ssm);
        Decider decider = b.decider != null ? b.decider : Decider.polling(b.store, scheduler, Duration.ofSeconds(1));
        // unique per run on the simulator too (a fresh store must not repeat ids: docs/recovery.md, "Execution ids")
        this.ids = b.ids != null ? b.ids : ExecutionIds.random();
        RandomGenerator random = b.random != null ? b.random : simulated ? new SplittableRandom(b.seed) : new SplittableRandom();
        this.events = b.events;
        this.durable = b.durableStore == null ? null : new DurableJournal(b.durableStore, b.owner, scheduler);
        this.services = new EngineServices(cloud, scheduler, invoker, registry, b.store, decider, events, simulated, random,
                b.pollBackoff, this::startChild, durable != null ? durable : b.journal);
        this.parents = services.journal() == Journal.NONE ? RateControl.Listener.NONE : new ParentJournal(services.journal());
    }

    /** Throttling and transient answers of a shared read are every caller's (docs/retries.md). */
    private static boolean everyonesError(Throwable e) {
        AwsError.Kind kind = AwsError.of(e).kind();
        return kind == AwsError.Kind.THROTTLING || kind == AwsError.Kind.TRANSIENT;
    }

    public static Builder builder(Cloud cloud) {
        return new Builder(cloud);
    }

    // ------------------------------------------------------------------ starting

    /** Runs a document by name (--docs, then SSM) or path until it is terminal (the {@link RunbookRunner} view). */
    @Override
    public CompletionStage<ExecutionRecord> run(String document, Map<String, List<String>> parameters) {
        return start(document, parameters).thenCompose(Execution::result);
    }

    /**
     * A runbook started by an event handler's run (the {@link RunbookRunner#runChild} view): execution {@code
     * executionId}, child of {@code parentId}; continued from the journal when it holds that execution.
     */
    @Override
    public CompletionStage<ExecutionRecord> runChild(String document, Map<String, List<String>> parameters,
                                                     String executionId, String parentId) {
        return Recovery.resumeOrStart(this, document, parameters, executionId, parentId).thenCompose(Execution::result);
    }

    /**
     * As {@link #runChild(String, Map, String, String)}, the calls' journal tokens (hence their ClientToken,
     * MessageDeduplicationId, SendCommand marker) derived from {@code tokenScope} instead of the execution's id: a
     * handler run attempted again for the same event passes its first attempt's child id, so every mutating call
     * carries the token the first attempt journaled and an API that honours tokens acts once (docs/recovery.md).
     */
    @Override
    public CompletionStage<ExecutionRecord> runChild(String document, Map<String, List<String>> parameters,
                                                     String executionId, String parentId, String tokenScope) {
        if (!tokenScope.equals(executionId)) tokenScopes.put(executionId, tokenScope);
        return runChild(document, parameters, executionId, parentId);
    }

    /** Looks {@code document} up (a file path, or a name in the library) and starts it. */
    public CompletionStage<Execution> start(String document, Map<String, List<String>> parameters) {
        return find(document).thenApply(v -> start(v, parameters));
    }

    private CompletionStage<Validation> find(String document) {
        Path file = Path.of(document);
        CompletionStage<Optional<Validation>> found = Files.isRegularFile(file)
                ? CompletableFuture.completedFuture(Optional.of(validator.validate(file)))
                : library.find(document);
        return found.thenApply(v -> v.orElseThrow(() -> new StartRefused(StartRefused.Reason.NOT_FOUND, document,
                List.of("no document named " + document + " (looked for a file, in --docs and in SSM)"))));
    }

    /**
     * Starts a validated Automation document. The execution begins on the scheduler's thread.
     *
     * @throws StartRefused when the document is invalid, not runnable here, or the parameters are wrong
     */
    public Execution start(Validation validation, Map<String, List<String>> parameters) {
        return start(validation, parameters, ids.next());
    }

    private Execution start(Validation validation, Map<String, List<String>> parameters, String id) {
        return start(validation, parameters, id, Optional.empty(), Map.of());
    }

    private Execution start(Validation validation, Map<String, List<String>> parameters, String id, Optional<String> parentId) {
        return start(validation, parameters, id, parentId, Map.of());
    }

    private Execution start(Validation validation, Map<String, List<String>> parameters, String id, Optional<String> parentId,
                            Map<String, List<String>> journaledAlso) {
        Document doc = runnable(validation);
        if (!doc.isAutomation()) {
            throw new StartRefused(StartRefused.Reason.NOT_RUNNABLE, validation.file(), List.of(
                    "a Command (2.2) document runs on instances: give targets (startCommand / --targets)"));
        }
        List<String> notes = new ArrayList<>();
        for (var w : validation.warnings()) notes.add("warning: " + w);
        ParameterBinder.Bound bound = ParameterBinder.bind(validation.file(), doc.parameters(), parameters);
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        doc.variables().forEach((name, def) -> def.defaultValue().ifPresent(d -> variables.put(name, Interpolator.plain(d))));
        Map<String, JsonNode> values = new LinkedHashMap<>(bound.values());
        Restored restored = resuming.getOrDefault(id, Restored.NONE);
        resuming.remove(id);
        if (restored.any()) notes.add("resumed from the journal by " + (durable == null ? "this process" : durable.owner()));
        String tokenScope = tokenScopes.getOrDefault(id, id);
        tokenScopes.remove(id);
        if (!tokenScope.equals(id)) notes.add("a new attempt at the work of " + tokenScope + ": its calls carry that execution's tokens");
        Execution ex = new Execution(services, doc, id, values, variables, notes, restored, parentId, journaledAlso, tokenScope);
        running.put(ex.id(), ex);
        ex.result().whenComplete((r, e) -> running.remove(ex.id()));
        resolveSsmDefaults(doc, bound.ssmDefaults()).whenComplete((fetched, error) -> services.scheduler().schedule(Duration.ZERO, () -> {
            if (error != null) {
                ex.failToStart(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                return;
            }
            values.putAll(fetched);
            ex.begin();
        }));
        return ex;
    }

    /**
     * Runs a Command (2.2) document on instances, as SSM does: one aws:runCommand step sending the document (on the
     * simulator, created there first when missing) to the targets, followed to its end.
     */
    public CompletionStage<Execution> startCommand(Validation validation, Map<String, List<String>> parameters,
                                                   CommandTargets targets) {
        return startCommand(validation, parameters, targets, null, null);
    }

    /**
     * As {@link #startCommand(Validation, Map, CommandTargets)}, with SendCommand's MaxConcurrency and MaxErrors
     * ({@code N} or {@code P%}; null for SendCommand's defaults, 50 and 0).
     */
    public CompletionStage<Execution> startCommand(Validation validation, Map<String, List<String>> parameters,
                                                   CommandTargets targets, String maxConcurrency, String maxErrors) {
        Document doc = runnable(validation);
        if (!doc.isCommand()) {
            throw new StartRefused(StartRefused.Reason.NOT_RUNNABLE, validation.file(), List.of("not a Command (2.2) document"));
        }
        ParameterBinder.bind(validation.file(), doc.parameters(), parameters); // refuse bad values before sending
        String wrapperText = CommandDocuments.wrapper(doc, parameters, targets, maxConcurrency, maxErrors);
        Validation wrapper = validator.validate(doc.name() + ".json", wrapperText);
        // SendCommand names the document: on AWS a local file's content must be SSM's first (SsmDocumentSync)
        CompletionStage<Void> ready = simulated ? CommandDocuments.ensure(invoker, cloud, doc)
                : java.nio.file.Files.isRegularFile(java.nio.file.Path.of(validation.file()))
                ? new SsmDocumentSync(invoker, cloud, doc, validation.file()).sync() : CompletableFuture.completedFuture(null);
        Map<String, List<String>> journaled = Map.of(CommandDocuments.WRAPPER, List.of(doc.name(), wrapperText));
        return ready.thenApply(v -> start(wrapper, Map.of(), ids.next(), Optional.empty(), journaled));
    }

    /**
     * A Command document's one-step wrapper that a journal holds ({@link CommandDocuments#WRAPPER}), started again
     * under {@code id}: recovery, as {@link #restart} for a document by name.
     */
    CompletionStage<Execution> restartCommand(List<String> wrapper, String id, Optional<String> parentId) {
        Validation v = validator.validate(wrapper.get(0) + ".json", wrapper.get(1));
        return CompletableFuture.completedFuture(start(v, Map.of(), id, parentId, Map.of(CommandDocuments.WRAPPER, wrapper)));
    }

    /** The document, if it may run here; otherwise every reason it may not. */
    private Document runnable(Validation v) {
        if (v instanceof Validation.Invalid i) {
            throw new StartRefused(StartRefused.Reason.INVALID, v.file(), i.errors().stream().map(Object::toString).toList());
        }
        if (v instanceof Validation.NotRunnable n) throw new StartRefused(StartRefused.Reason.NOT_RUNNABLE, v.file(), n.reasons());
        Document doc = v.document();
        List<String> reasons = new ArrayList<>();
        if (doc.isAutomation()) {
            for (Step s : doc.allSteps()) {
                // where an action may run is its definition's fact, already checked by the validator above
                if (registry.find(s.action()).isEmpty()) {
                    reasons.add("step " + s.name() + ": " + s.action() + " is not implemented by this build of fleetops");
                }
            }
        }
        if (!reasons.isEmpty()) throw new StartRefused(StartRefused.Reason.NOT_RUNNABLE, v.file(), reasons);
        return doc;
    }

    private CompletionStage<Map<String, JsonNode>> resolveSsmDefaults(Document doc, Map<String, String> defaults) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (var e : defaults.entrySet()) {
            Parameter p = doc.parameters().get(e.getKey());
            chain = chain.thenCompose(v -> invoker.invoke(cloud, "ssm", "GetParameter", Json.object().put("Name", e.getValue()))
                    .handle((r, error) -> {
                        if (error != null) {
                            throw new StartRefused(StartRefused.Reason.PARAMETERS, doc.name(), List.of("parameter '" + e.getKey()
                                    + "': its default {{ssm:" + e.getValue() + "}} cannot be read: " + StepRun.classify(error).message()));
                        }
                        out.put(e.getKey(), ParameterBinder.fromParameterStore(p, r.path("Parameter").path("Value").asText()));
                        return null;
                    }));
        }
        return chain.thenApply(v -> out);
    }

    /** aws:executeAutomation: a child run by name (a file path, --docs, then SSM) under the id its parent gave. */
    private CompletionStage<Execution> startChild(String document, Map<String, List<String>> parameters, String parentId,
                                                  String childId) {
        return find(document).thenApply(v -> start(v, parameters, childId, Optional.of(parentId)));
    }

    // ------------------------------------------------------------------ rate control

    /** A fresh id for a top-level execution (a rate-controlled parent's too). */
    public String newExecutionId() {
        return ids.next();
    }

    /**
     * The {@code n}th child (1-based, in target order) of rate-controlled parent {@code parentId}, under an id
     * derived from the parent's, so a recovered parent finds it again.
     */
    public CompletionStage<Execution> startChild(String document, Map<String, List<String>> parameters, String parentId, int n) {
        return startChild(document, parameters, parentId, ExecutionIds.child(parentId, n));
    }

    /** The id the {@code n}th child of parent {@code parentId} runs under (a nested parent's too). */
    public String childExecutionId(String parentId, int n) {
        return ExecutionIds.child(parentId, n);
    }

    /** What a rate-controlled parent's journal keeps; nothing when this engine has none. */
    public RateControl.Listener parentJournal() {
        return parents;
    }

    /** Rate control over this engine: parents journaled with it, children started by {@link #startChild}. */
    public RateControl rateControl() {
        return new RateControl(services.scheduler(), (document, parameters, parentId, n) ->
                startChild(document, parameters, parentId, n).thenCompose(Execution::result), ids::next, parents);
    }

    /**
     * Rate control over the locations of a TargetLocations run: one child per location, run by this engine's twin
     * over that location's cloud ({@link Builder#elsewhere}), the document once there or rate-controlled over
     * {@code perLocation}'s targets resolved there; the parent is journaled with this engine's parents.
     *
     * @throws IllegalStateException when this cloud reaches no other locations or the engine was given no twin
     */
    public RateControl acrossLocations(dev.fleetops.runbook.rate.TargetLocations locations,
                                       Optional<dev.fleetops.runbook.rate.RateControlRequest> perLocation) {
        dev.fleetops.cloud.Locations reach = cloud.locations().orElseThrow(() -> new IllegalStateException(
                cloud.describe() + " reaches no other accounts and Regions"));
        if (elsewhere == null) throw new IllegalStateException("the engine runs in no other location: build it with elsewhere(...)");
        return new RateControl(services.scheduler(), new LocationChildren(locations, perLocation, reach, elsewhere),
                ids::next, parents);
    }

    /** True when this engine can run a TargetLocations parent ({@link #acrossLocations}). */
    boolean reachesLocations() {
        return elsewhere != null && cloud.locations().isPresent();
    }

    // ------------------------------------------------------------------ recovery

    /**
     * Completes once the journal acknowledged or refused every entry this engine handed it, with one line for each
     * execution whose journal lost an entry (none without a journal). Wait for it before closing the store, and
     * report what it lists: a journal write that failed must not go unseen.
     */
    public CompletionStage<List<String>> journalSettled() {
        return durable == null ? CompletableFuture.completedFuture(List.of()) : durable.settled();
    }

    /** The journal this engine writes through, when built with {@link Builder#journal(dev.fleetops.journal.Journal, String)}. */
    Optional<DurableJournal> durable() {
        return Optional.ofNullable(durable);
    }

    /** The scheduler the engine's executions run on (recovery paces its continuations on it). */
    Scheduler scheduler() {
        return services.scheduler();
    }

    /** Execution {@code id}, when it starts (a child: when its parent's step starts it again), resumes from {@code restored}. */
    void resumeAs(String id, Restored restored) {
        resuming.put(id, restored);
    }

    /** Starts {@code document} again as execution {@code id}, resuming from what {@link #resumeAs} registered. */
    CompletionStage<Execution> restart(String document, Map<String, List<String>> parameters, String id, Optional<String> parentId) {
        return find(document).thenApply(v -> start(v, parameters, id, parentId));
    }

    // ------------------------------------------------------------------ what callers see

    /** A running execution by id (to cancel it). */
    public Optional<Execution> execution(String id) {
        return Optional.ofNullable(running.get(id));
    }

    public DocumentValidator validator() {
        return validator;
    }

    public DocumentLibrary library() {
        return library;
    }

    /** Every execution's events, children's included; subscribe before starting to see them all. */
    public EventPublisher<RunbookEvent> events() {
        return events;
    }

    /** Engine settings; only the cloud is required. */
    public static final class Builder {
        private final Cloud cloud;
        private ApiInvoker invoker = new ApiInvoker(ApiCatalog.standard());
        private ActionRegistry registry = ActionRegistry.standard();
        private Path docs;
        private boolean ssmLibrary = true;
        private ExecutionStore store = ExecutionStore.inMemory();
        private Decider decider;
        private final EventPublisher<RunbookEvent> events = new EventPublisher<>();
        private Journal journal = Journal.NONE;
        private dev.fleetops.journal.Journal durableStore;
        private String owner;
        private ExecutionIds ids;
        private boolean simulated;
        private long seed = 42;
        private RandomGenerator random;
        private Backoff pollBackoff = Backoff.runbookDefault();
        private Duration readTick = ReadCoalescer.DEFAULT_TICK;
        private java.util.function.Function<Cloud, RunbookEngine> elsewhere;

        private Builder(Cloud cloud) {
            this.cloud = cloud;
            this.simulated = cloud.scheduler().isVirtual();
        }

        public Builder invoker(ApiInvoker v) { invoker = v; return this; }

        public Builder actions(ActionRegistry v) { registry = v; return this; }

        /** {@code --docs DIR}: child and named documents are looked up there first. */
        public Builder docs(Path v) { docs = v; return this; }

        /** Whether names not found in --docs are asked of SSM GetDocument (default true). */
        public Builder ssmDocuments(boolean v) { ssmLibrary = v; return this; }

        public Builder store(ExecutionStore v) { store = v; return this; }

        /** Default: signals in the store, polled every second on the scheduler's clock. */
        public Builder decider(Decider v) { decider = v; return this; }

        /** A consumer of every {@link RunbookEvent} (more can subscribe later through {@link RunbookEngine#events()}). */
        public Builder onEvent(Consumer<? super RunbookEvent> v) { events.onEvent(v); return this; }

        /** Execution ids; default random UUIDs, on the simulator too ({@link ExecutionIds}): unique per run. */
        public Builder ids(ExecutionIds v) { ids = v; return this; }

        /** Default: true on a virtual scheduler. Decides which actions may run (e.g. aws:executeScript). */
        public Builder simulated(boolean v) { simulated = v; return this; }

        /** Seed of the wait actions' jitter on the simulator (runs with the same seed poll alike). */
        public Builder seed(long v) { seed = v; return this; }

        public Builder random(RandomGenerator v) { random = v; return this; }

        public Builder pollBackoff(Backoff v) { pollBackoff = v; return this; }

        /**
         * The tick of shared reads (default {@link ReadCoalescer#DEFAULT_TICK}): concurrent executions'
         * DescribeTargetHealth, DescribeInstanceStatus and ListCommandInvocations calls meet on it and share one
         * call per tick; a single execution's reads go at once as without it. Null sends every read on its own.
         */
        public Builder readTick(Duration v) { readTick = v; return this; }

        /** {@code run --no-shared-reads}: false sends every read on its own (the engine before shared reads). */
        public Builder sharedReads(boolean on) { readTick = on ? ReadCoalescer.DEFAULT_TICK : null; return this; }

        /** Where the write-ahead facts go (tests). */
        Builder journal(Journal v) { journal = v; return this; }

        /**
         * Every execution is journaled durably in {@code store} (docs/recovery.md) and leased to {@code owner}
         * ({@link Owners#thisProcess()} for a process), so that {@link Recovery} can finish it after a crash.
         */
        public Builder journal(dev.fleetops.journal.Journal store, String owner) {
            durableStore = store;
            this.owner = owner;
            return this;
        }

        /**
         * How this engine runs in another account and Region (TargetLocations, and their recovery): an engine over
         * that location's cloud with this one's documents, store and journal.
         */
        public Builder elsewhere(java.util.function.Function<Cloud, RunbookEngine> v) { elsewhere = v; return this; }

        public RunbookEngine build() {
            return new RunbookEngine(this);
        }
    }
}
