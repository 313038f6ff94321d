package dev.fleetops.cli.wait;

import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.session.Session;
import dev.fleetops.execution.Status;
import dev.fleetops.journal.Entry;
import dev.fleetops.journal.ExecutionKind;
import dev.fleetops.journal.Journal;
import dev.fleetops.journal.Journals;
import dev.fleetops.journal.Recorded;
import dev.fleetops.sim.SimRegion;
import dev.fleetops.sim.scenario.Scenarios;
import dev.fleetops.testing.DyingProcess;
import dev.fleetops.waiters.firstready.FirstReady;
import dev.fleetops.waiters.firstready.Setup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wait first-ready} journaled (docs/first-ready.md, "Journaled"): started with the group and the plan, the
 * winner a result before anything is done to an instance, an intent before the losers are terminated, the setup its
 * own execution, a child. A wait whose process died while its setup ran is taken up by {@code recover}: the winner is
 * not chosen again, the losers are not terminated again, the setup's command is followed, not sent again.
 */
class FirstReadyJournalTest {

    static final String SETUP = FirstReadyCommandTest.EXAMPLES + "/asg-launch-setup.yaml";

    @TempDir
    Path store;

    @Test
    void aJournaledWaitRecordsTheWinnerBeforeTouchingAnyInstanceAndItsSetupAsAChild() {
        SimRegion region = Scenarios.start(Scenarios.load(SETUP, Map.of("size", "5")));
        FirstReadyCommand c = new FirstReadyCommand();
        c.group = "asg-launch";
        c.thenCommand = "install-app --version 2";
        c.onLosers = FirstReady.OnLosers.TERMINATE;
        StringWriter err = new StringWriter();
        PrintWriter sink = new PrintWriter(err, true);
        Journal journal = Journals.sqlite(store, region.scheduler(), Runnable::run);
        try (Session session = Session.on(region)) {
            assertThat(c.run(session, new GlobalOptions(), c.request(), sink, sink, journal)).isZero();
        }
        Matcher m = Pattern.compile("journaled as execution (\\S+)").matcher(err.toString());
        assertThat(m.find()).as(err.toString()).isTrue();
        String id = m.group(1);

        List<Recorded> h = journal.history(id).toCompletableFuture().join();
        Entry.Started s = (Entry.Started) h.get(0).entry();
        assertThat(s.kind()).isEqualTo(ExecutionKind.FIRST_READY);
        assertThat(s.runs()).isEqualTo("asg-launch");
        assertThat(s.parameters()).containsEntry("OnLosers", List.of("TERMINATE"))
                .containsEntry("SetupScript", List.of("install-app --version 2"));
        assertThat(trail(h)).containsExactly("started", "result winner", "intent terminate-losers", "result terminate-losers", "ended Success");
        String child = UUID.nameUUIDFromBytes((id + "/setup").getBytes(StandardCharsets.UTF_8)).toString();
        List<Recorded> setup = journal.history(child).toCompletableFuture().join();
        assertThat(((Entry.Started) setup.get(0).entry()).parentId()).contains(id);
        assertThat(((Entry.Started) setup.get(0).entry()).runs()).isEqualTo("AWS-RunShellScript");
        assertThat(trail(setup)).containsExactly("started", "intent setup", "result setup", "ended Success");
        assertThat(journal.open().toCompletableFuture().join()).isEmpty();
        journal.close();
    }

    @Test
    void aWaitWhoseProcessDiedDuringTheSetupIsFinishedByRecoverWithoutChoosingOrSendingAgain() {
        SimRegion region = Scenarios.start(Scenarios.load(SETUP, Map.of("size", "5")));
        DyingProcess dying = new DyingProcess(region.scheduler());
        Journal first = Journals.sqlite(store, dying, Runnable::run);
        FirstReady.Request request = FirstReady.Request.of("asg-launch", Duration.ofMinutes(10))
                .withSetup(new Setup.Script("install-app --version 2")).withOnLosers(FirstReady.OnLosers.TERMINATE);
        List<String> before = new ArrayList<>();
        FirstReady wait = FirstReady.start(dying.cloud(region.cloud()), new Random(42), request, before::add,
                new FirstReady.Journaling(first, "host-a:1:1", o -> false));
        region.scheduler().runUntil(() -> region.context().gate().calls("ssm", "SendCommand") == 1, Duration.ofMinutes(10));
        region.scheduler().runFor(Duration.ofSeconds(2)); // sent and journaled; the script runs 20 s
        dying.kill();
        first.close();
        assertThat(wait.result()).isNotDone();
        long polls = region.context().gate().calls("ec2", "DescribeInstanceStatus");
        region.scheduler().runFor(Duration.ofSeconds(31)); // the dead owner's lease expires

        Journal second = Journals.sqlite(store, region.scheduler(), Runnable::run);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<Map<String, Object>> json = new ArrayList<>();
        boolean ok;
        try (Session session = Session.on(region)) {
            ok = FirstReadyRecovery.recover(session, second, new PrintWriter(out, true), new PrintWriter(err, true), false, json);
        }

        assertThat(ok).as(out + "\n" + err).isTrue();
        assertThat(out.toString()).contains("first-ready asg-launch: READY");
        assertThat(err.toString()).contains("(journaled), not chosen again").contains("not sent again");
        assertThat(region.context().gate().calls("ec2", "DescribeInstanceStatus")).as("no waiting again").isEqualTo(polls);
        assertThat(region.context().gate().calls("ec2", "TerminateInstances")).as("losers terminated once").isEqualTo(1);
        assertThat(region.context().gate().calls("ssm", "SendCommand")).as("the setup sent once").isEqualTo(1);
        assertThat(second.open().toCompletableFuture().join()).isEmpty();
        second.close();
    }

    static List<String> trail(List<Recorded> h) {
        return h.stream().map(r -> r.entry() instanceof Entry.StepIntent i ? "intent " + i.step()
                : r.entry() instanceof Entry.StepResult s ? "result " + s.step()
                : r.entry() instanceof Entry.Ended e ? "ended " + e.status() : r.entry().type()).toList();
    }
}
