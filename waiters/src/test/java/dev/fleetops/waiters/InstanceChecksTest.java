package dev.fleetops.waiters;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** First-ready's per-instance acceptors over one DescribeInstanceStatus entry (success: running with both checks ok; failure only once the instance is terminal: docs/first-ready.md). */
class InstanceChecksTest {

    static Answer entry(String state, String instance, String system) {
        return Answer.ofJson(AcceptorsTest.json("""
                {"InstanceId":"i-1","InstanceState":{"Code":16,"Name":"%s"},
                 "InstanceStatus":{"Status":"%s"},"SystemStatus":{"Status":"%s"}}""".formatted(state, instance, system)));
    }

    static Acceptor.State verdict(Set<InstanceChecks.Check> checks, Answer a) {
        return Acceptors.firstMatch(InstanceChecks.acceptors(checks), a).orElseThrow().state();
    }

    static final Set<InstanceChecks.Check> BOTH = EnumSet.allOf(InstanceChecks.Check.class);

    @Test
    void readyOnlyWhenRunningAndEverySelectedCheckIsOk() {
        assertThat(verdict(BOTH, entry("running", "ok", "ok"))).isEqualTo(Acceptor.State.SUCCESS);
        assertThat(verdict(BOTH, entry("running", "ok", "initializing"))).isEqualTo(Acceptor.State.RETRY);
        assertThat(verdict(EnumSet.of(InstanceChecks.Check.INSTANCE), entry("running", "ok", "initializing")))
                .isEqualTo(Acceptor.State.SUCCESS);
        assertThat(verdict(Set.of(), entry("running", "initializing", "initializing"))).isEqualTo(Acceptor.State.SUCCESS);
        assertThat(verdict(Set.of(), entry("pending", "not-applicable", "not-applicable"))).isEqualTo(Acceptor.State.RETRY);
    }

    @Test
    void terminalStatesAndAnImpairedSelectedCheckCanNoLongerPass() {
        for (String s : List.of("shutting-down", "terminated", "stopping", "stopped")) {
            assertThat(verdict(BOTH, entry(s, "not-applicable", "not-applicable"))).as(s).isEqualTo(Acceptor.State.FAILURE);
        }
        assertThat(verdict(BOTH, entry("running", "impaired", "ok"))).isEqualTo(Acceptor.State.FAILURE);
        assertThat(verdict(EnumSet.of(InstanceChecks.Check.SYSTEM), entry("running", "impaired", "ok")))
                .as("only the system check asked for").isEqualTo(Acceptor.State.SUCCESS);
        assertThat(Acceptors.firstMatch(InstanceChecks.acceptors(BOTH), entry("running", "impaired", "ok")).orElseThrow()
                .message()).isEqualTo("instance check impaired");
    }

    @Test
    void checksParseFromTheCommandLineSpelling() {
        assertThat(InstanceChecks.parse("instance,system")).isEqualTo(BOTH);
        assertThat(InstanceChecks.parse(" system ")).containsExactly(InstanceChecks.Check.SYSTEM);
        assertThat(InstanceChecks.parse("none")).isEmpty();
        assertThatThrownBy(() -> InstanceChecks.parse("instance,sytem"))
                .hasMessage("unknown check 'sytem': expected instance, system, or none");
    }
}
