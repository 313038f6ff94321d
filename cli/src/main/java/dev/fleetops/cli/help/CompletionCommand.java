package dev.fleetops.cli.help;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Bash and zsh completion for every command and option, generated from the commands themselves (picocli). */
@Command(addMethodSubcommands = false, name = "completion", description = "Print a bash/zsh completion script for fleetops.",
        footer = {"", "Examples:",
                "  source <(fleetops completion)                      (this shell)",
                "  fleetops completion > /etc/bash_completion.d/fleetops   (every new shell)",
                "  # zsh: autoload -U +X bashcompinit && bashcompinit; source <(fleetops completion)"})
public final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("fleetops", spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
