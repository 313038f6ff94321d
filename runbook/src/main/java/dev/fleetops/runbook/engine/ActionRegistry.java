package dev.fleetops.runbook.engine;

import dev.fleetops.runbook.action.Action;
import dev.fleetops.runbook.action.aws.AssertAwsResourceProperty;
import dev.fleetops.runbook.action.aws.ChangeInstanceState;
import dev.fleetops.runbook.action.aws.CopyImage;
import dev.fleetops.runbook.action.aws.CreateImage;
import dev.fleetops.runbook.action.aws.CreateStack;
import dev.fleetops.runbook.action.aws.CreateTags;
import dev.fleetops.runbook.action.aws.DeleteImage;
import dev.fleetops.runbook.action.aws.DeleteStack;
import dev.fleetops.runbook.action.aws.ExecuteAwsApi;
import dev.fleetops.runbook.action.aws.ExecuteScript;
import dev.fleetops.runbook.action.aws.InvokeLambdaFunction;
import dev.fleetops.runbook.action.aws.InvokeWebhook;
import dev.fleetops.runbook.action.aws.RunCommand;
import dev.fleetops.runbook.action.aws.RunInstances;
import dev.fleetops.runbook.action.aws.WaitForAwsResourceProperty;
import dev.fleetops.runbook.action.control.ApproveAction;
import dev.fleetops.runbook.action.control.BranchAction;
import dev.fleetops.runbook.action.control.ExecuteAutomationAction;
import dev.fleetops.runbook.action.control.LoopAction;
import dev.fleetops.runbook.action.control.PauseAction;
import dev.fleetops.runbook.action.control.SleepAction;
import dev.fleetops.runbook.action.control.UpdateVariableAction;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Action name -> implementation. Actions are listed here explicitly, one line each: adding an action is its own
 * class plus one line in {@link #standard()}. Immutable; {@link #with} returns an extended registry (tests).
 */
public final class ActionRegistry {

    private final Map<String, Action> actions;

    private ActionRegistry(Collection<Action> actions) {
        Map<String, Action> m = new LinkedHashMap<>();
        for (Action a : actions) {
            if (m.put(a.name(), a) != null) throw new IllegalArgumentException("action " + a.name() + " registered twice");
        }
        this.actions = m;
    }

    /** Every action fleetops implements. */
    public static ActionRegistry standard() {
        return new ActionRegistry(List.of(
                // flow control (engine)
                new BranchAction(),
                new SleepAction(),
                new PauseAction(),
                new ApproveAction(),
                new LoopAction(),
                new UpdateVariableAction(),
                new ExecuteAutomationAction(),
                // AWS-facing actions
                new ExecuteAwsApi(),
                new AssertAwsResourceProperty(),
                new WaitForAwsResourceProperty(),
                new RunCommand(),
                new ChangeInstanceState(),
                new CreateTags(),
                new RunInstances(),
                new InvokeWebhook(),
                new ExecuteScript(),
                new CreateStack(),
                new DeleteStack(),
                new CreateImage(),
                new CopyImage(),
                new DeleteImage(),
                new InvokeLambdaFunction()
        ));
    }

    public static ActionRegistry of(Action... actions) {
        return new ActionRegistry(List.of(actions));
    }

    /** This registry plus {@code action} (replacing one of the same name). */
    public ActionRegistry with(Action action) {
        Map<String, Action> m = new LinkedHashMap<>(actions);
        m.put(action.name(), action);
        return new ActionRegistry(m.values());
    }

    public Optional<Action> find(String name) {
        return Optional.ofNullable(actions.get(name));
    }

    Action require(String name) {
        Action a = actions.get(name);
        if (a == null) throw new IllegalStateException("action " + name + " is not registered (checked at start)");
        return a;
    }

    public Collection<String> names() {
        return actions.keySet();
    }
}
