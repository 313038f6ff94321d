package dev.fleetops.handlers.onsim;

import dev.fleetops.cloud.Cloud;
import dev.fleetops.events.BuiltInHandlers;
import dev.fleetops.events.Intake;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.Recorded;
import dev.fleetops.testing.DyingProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Handler runs in the journal (docs/handlers.md, "Journaled runs"): a Spot warning handled on the simulator is an
 * execution of kind handler under an id derived from the event and the rule, with an intent before each call with
 * an effect and its result after; a run abandoned by a "dead" process after it raised the group's desired capacity
 * is continued by another owner without raising it again, and the detach happens once.
 */
class JournaledHandlerRunTest {

    static final String RULES = """
            rules:
              - name: spot
                pattern:
                  source: [aws.ec2]
                  detail-type: [EC2 Spot Instance Interruption Warning]
                handler: spot-interruption
                settings: {min-in-service: 2}
            """;

    @TempDir
    Path store;

    static Intake intake(Cloud cloud, Journal journal, String owner) {
        return Intake.builder(RuleSet.load("rules.yaml", RULES, BuiltInHandlers.registry()), cloud)
                .journal(journal, owner, o -> false).build();
    }

    static String warning(SpotFixture f, String victim) {
        return SpotFixture.resource("seed003-spot-warning.json").replace("i-1234567890abcdef0", victim)
                .replace("yyyy-mm-ddThh:mm:ssZ", f.region.scheduler().now().toString())
                .replace("\"instance-action\": \"action\"", "\"instance-action\": \"terminate\"")
                .replace("us-east-2", "us-east-1");
    }

    @Test
    void aHandledWarningIsAHandlerRunWithAnIntentDurableBeforeEachCallWithAnEffect() {
        SpotFixture f = new SpotFixture(2, "30s");
        String victim = f.inService().get(0);
        Journal journal = Journals.sqlite(store, f.region.scheduler(), Runnable::run);
        Intake intake = intake(f.region.cloud(), journal, "host-a:1:1");

        MessageFate fate = f.region.scheduler().await(intake.submit("test", warning(f, victim)), Duration.ofMinutes(10));

        HandlerRecord r = ((MessageFate.Handled) fate).records().get(0);
        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        List<Recorded> h = journal.history(Intake.handlerRunId("12345678-1234-1234-1234-123456789012", "spot"))
                .toCompletableFuture().join();
        Entry.Started s = (Entry.Started) h.get(0).entry();
        assertThat(s.kind()).isEqualTo(ExecutionKind.HANDLER);
        assertThat(s.runs()).isEqualTo("spot-interruption");
        assertThat(s.parameters().get("EventId")).containsExactly("12345678-1234-1234-1234-123456789012");
        assertThat(s.parameters().get("Rule")).containsExactly("spot");
        assertThat(s.parameters().get("Event").get(0)).contains(victim);
        List<String> trail = h.stream().map(x -> x.entry() instanceof Entry.StepIntent i ? "intent " + i.operation()
                : x.entry() instanceof Entry.StepResult res ? "result " + res.step().replaceAll(" .*", "") + " " + res.status()
                : x.entry().type()).toList();
        assertThat(trail).containsSubsequence("started", "result capacity-guard Success",
                "intent SetDesiredCapacity", "result autoscaling:SetDesiredCapacity Success",
                "intent DetachInstances", "result autoscaling:DetachInstances Success", "ended");
        assertThat(trail).noneMatch(t -> t.startsWith("intent Describe")).as("reads are not journaled");
        assertThat(((Entry.Ended) h.get(h.size() - 1).entry()).status()).isEqualTo(Status.Success);
        assertThat(journal.open().toCompletableFuture().join()).isEmpty();

        MessageFate again = f.region.scheduler().await(intake(f.region.cloud(), journal, "host-b:2:2")
                .submit("test", warning(f, victim)), Duration.ofMinutes(10));
        HandlerRecord dup = ((MessageFate.Handled) again).records().get(0);
        assertThat(dup.notes()).anyMatch(n -> n.contains("already handled by rule spot") && n.contains("in the journal"));
        assertThat(f.region.context().gate().calls("autoscaling", "DetachInstances")).isEqualTo(1);
        journal.close();
    }

    @Test
    void aRunAbandonedAfterItRaisedTheGroupIsContinuedWithoutRaisingItAgain() {
        SpotFixture f = new SpotFixture(2, "30s");
        String victim = f.inService().get(0);
        int desiredBefore = f.group().desiredCapacity();
        DyingProcess dying = new DyingProcess(f.region.scheduler());
        Journal first = Journals.sqlite(store, dying, Runnable::run);
        Intake a = intake(dying.cloud(f.region.cloud()), first, "host-a:1:1");
        CompletionStage<MessageFate> never = a.submit("test", warning(f, victim));
        f.region.scheduler().runUntil(() -> f.region.context().gate().calls("autoscaling", "SetDesiredCapacity") == 1,
                Duration.ofMinutes(1));
        f.region.scheduler().runFor(Duration.ofSeconds(2)); // answered and journaled; the replacement takes 15 s
        dying.kill(); // the process dies while it waits for the replacement
        first.close();
        assertThat(never.toCompletableFuture()).isNotDone();
        f.region.scheduler().runFor(Duration.ofSeconds(31)); // its lease expires

        Journal second = Journals.sqlite(store, f.region.scheduler(), Runnable::run);
        assertThat(second.open().toCompletableFuture().join()).singleElement()
                .satisfies(o -> assertThat(o.started().kind()).isEqualTo(ExecutionKind.HANDLER));
        List<Intake.Recovered> recovered = f.region.scheduler().await(intake(f.region.cloud(), second, "host-b:2:2").recover(),
                Duration.ofMinutes(10));

        HandlerRecord r = recovered.get(0).record().orElseThrow();
        assertThat(r.status()).as(r.failureMessage().orElse("")).isEqualTo(Status.Success);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("continued from the journal"));
        assertThat(r.notes()).anyMatch(n -> n.startsWith("autoscaling:SetDesiredCapacity") && n.contains("not sent again"));
        assertThat(f.region.context().gate().calls("autoscaling", "SetDesiredCapacity")).as("raised once").isEqualTo(1);
        assertThat(f.group().desiredCapacity()).isEqualTo(desiredBefore + 1);
        assertThat(f.region.context().gate().calls("autoscaling", "DetachInstances")).isEqualTo(1);
        assertThat(f.inService()).doesNotContain(victim);
        assertThat(second.open().toCompletableFuture().join()).isEmpty();
        second.close();
    }
}
