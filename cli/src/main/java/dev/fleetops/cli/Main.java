package dev.fleetops.cli;

import dev.fleetops.cli.apply.ApplyCommand;
import dev.fleetops.cli.demo.DemoCommand;
import dev.fleetops.cli.events.EventsCommand;
import dev.fleetops.cli.events.ServeCommand;
import dev.fleetops.cli.runbook.RunbookRunCommand;
import dev.fleetops.cli.runbook.ValidateCommand;
import dev.fleetops.cli.sim.SimCommand;
import dev.fleetops.cli.wait.WaitCommand;
import dev.fleetops.cli.windows.WindowCommand;
import dev.fleetops.cli.common.CommandProvider;
import dev.fleetops.cli.common.ExitCodes;
import dev.fleetops.cli.common.GlobalOptions;
import dev.fleetops.cli.common.UsageError;
import dev.fleetops.source.InputError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;

/** The {@code fleetops} command line. */
@Command(addMethodSubcommands = false, name = "fleetops",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpWidth = 110,
        header = "fleetops: EC2 fleet lifecycle work in one engine, on AWS or an embedded simulated region.",
        description = {
                "",
                "Every command runs against the embedded simulated region unless you pass --cloud aws:",
                "the simulator is deterministic (same --seed, same run) and an hour of fleet life takes seconds.",
                ""},
        footer = {
                "",
                "Start here:",
                "  fleetops demo                     seed 004's reboot behind an ALB, plain vs graceful, with a report",
                "  fleetops sim show                 the simulated region (built-in 'web' scenario, seed 004's ALB setup)",
                "  fleetops sim run --for 10m        ten virtual minutes of it, as a timeline",
                "  fleetops bench                    the benchmarks and how to run them",
                "",
                "Exit codes: 0 success, 1 the outcome failed, 2 usage or input error, 3 environment error (no region,",
                "unknown profile, no credentials); with 2 and 3 nothing was changed.",
                "Shell completion: source <(fleetops completion). Man pages: fleetops man --dir DIR.",
                "Docs: docs/ in the source tree."},
        // the subcommands: SUBCOMMANDS below, added by commandLine(args)
        subcommands = {})
public final class Main implements Runnable {

    /**
     * The subcommands in the order help lists them. Building a command's model (picocli reads its annotations by
     * reflection) is most of a short command's start-up, so {@link #commandLine} builds only those the command line
     * names, all of them when it names none (usage, help, completion, man pages). Every command says
     * {@code addMethodSubcommands = false}: none has method subcommands, and looking for them parses the
     * annotations of each of its methods (EveryCommandHelpTest checks it).
     */
    private static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(DemoCommand.class, SimCommand.class,
            RunbookRunCommand.class, dev.fleetops.cli.runbook.ResumeCommand.class, dev.fleetops.cli.runbook.RecoverCommand.class,
            dev.fleetops.cli.runbook.IamCommand.class, ValidateCommand.class, WindowCommand.class, WaitCommand.class,
            ApplyCommand.class, EventsCommand.class, ServeCommand.class, dev.fleetops.cli.help.CompletionCommand.class,
            dev.fleetops.cli.help.ManCommand.class, CommandLine.HelpCommand.class);
    /** Commands that describe the others: with them, every command is built. */
    private static final java.util.Set<String> DESCRIBING = java.util.Set.of("help", "completion", "man");

    @Mixin
    GlobalOptions global;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }


    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        withHelp(cl);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("fleetops: " + withoutJavaNames(ex.getMessage()));
            CommandLine failed = ex.getCommandLine();
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            Throwable cause = ex;
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof InputError || cause instanceof InputError.Many || cause instanceof UsageError) {
                err.println("fleetops: " + cause.getMessage());
                return ExitCodes.USAGE;
            }
            if (cause instanceof java.io.UncheckedIOException && cause.getCause() != null) cause = cause.getCause();
            if (cause instanceof java.nio.file.FileSystemException fs) {
                // a path the user gave that cannot be used (a file where a directory is needed, no permission)
                err.println("fleetops: " + fs.getFile() + ": " + (fs.getReason() != null ? fs.getReason()
                        : fs instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                        : fs instanceof java.nio.file.AccessDeniedException ? "permission denied" : "cannot be used"));
                return ExitCodes.USAGE;
            }
            if (cause instanceof StackOverflowError) {
                // the readers bound nesting and the graph walks are iterative: this is the net under them
                err.println("fleetops: the input is nested too deeply to process");
                return ExitCodes.USAGE;
            }
            if (cause instanceof dev.fleetops.cloud.CloudSetupException) {
                err.println("fleetops: " + cause.getMessage());
                return ExitCodes.ENVIRONMENT;
            }
            var environment = dev.fleetops.cli.common.EnvironmentErrors.describe(cause, endpointUrl(parse));
            if (environment.isPresent()) {
                err.println("fleetops: " + environment.get());
                return ExitCodes.ENVIRONMENT;
            }
            err.println("fleetops: internal error: " + cause);
            cause.printStackTrace(err);
            return ExitCodes.FAILED;
        });
        cl.setExecutionStrategy(parsed -> {
            CommandLine.ParseResult leaf = parsed;
            while (leaf.subcommand() != null) leaf = leaf.subcommand();
            GlobalOptions g = (GlobalOptions) cl.getCommandSpec().mixins().get("global").userObject();
            dev.fleetops.cli.common.Logging.configure(g.logLevel(leaf.commandSpec().name()), g.logFormat, err);
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return cl.execute(args);
        } catch (StackOverflowError e) {
            err.println("fleetops: the input is nested too deeply to process");
            return ExitCodes.USAGE;
        }
    }

    /**
     * The command line with the subcommands {@code args} names (an argument equal to a command's name or alias;
     * an option value that happens to be one only builds one command more), or all of them when it names none or
     * names a command that describes the others. {@code commandLine(new String[0])} is the whole tree.
     */
    public static CommandLine commandLine(String[] args) {
        java.util.Set<String> words = new java.util.HashSet<>(java.util.Arrays.asList(args));
        java.util.List<Class<?>> named = new java.util.ArrayList<>();
        boolean all = false;
        for (Class<?> c : SUBCOMMANDS) {
            Command command = c.getAnnotation(Command.class);
            java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of(command.aliases()));
            names.add(command.name());
            if (names.stream().anyMatch(words::contains)) {
                named.add(c);
                if (DESCRIBING.contains(command.name())) all = true;
            }
        }
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : all || named.isEmpty() ? SUBCOMMANDS : named) cl.addSubcommand(c);
        // Commands shipped in other jars (the benchmarks, in fleetops-bench.jar) join when they are on the classpath.
        for (CommandProvider provider : java.util.ServiceLoader.load(CommandProvider.class)) {
            cl.addSubcommand(provider.command());
        }
        if (!cl.getSubcommands().containsKey("bench")) cl.addSubcommand(new BenchElsewhere());
        return cl;
    }

    /** The --endpoint-url given on any level of the command line (else AWS_ENDPOINT_URL), for messages. */
    private static String endpointUrl(CommandLine.ParseResult parse) {
        for (CommandLine.ParseResult p = parse; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--endpoint-url")) return String.valueOf((Object) p.matchedOptionValue("--endpoint-url", null));
        }
        return System.getenv("AWS_ENDPOINT_URL");
    }

    /**
     * picocli quotes a converter's exception as "(java.net.URISyntaxException: Illegal character...)": the reason
     * is for the user, the class name is not.
     */
    static String withoutJavaNames(String message) {
        if (message == null) return "invalid command line";
        return message.replaceAll("\\s*\\((?:java|javax|picocli)\\.[\\w.$]+(?:Exception|Error): ([^)]*)\\)", ": $1");
    }

    /**
     * -h/--help (and -V) on every command, so a command with required parameters still answers --help; examples
     * (the footer) printed as written, since a command line wrapped in the middle cannot be copied.
     */
    private static void withHelp(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, Main::verbatimFooter);
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().optionsMap().get("--help") == null) sub.getCommandSpec().mixinStandardHelpOptions(true);
            withHelp(sub);
        }
    }

    private static String verbatimFooter(CommandLine.Help help) {
        StringBuilder b = new StringBuilder();
        for (String line : help.commandSpec().usageMessage().footer()) {
            b.append(line.replace("%n", System.lineSeparator()).replace("%%", "%")).append(System.lineSeparator());
        }
        return b.toString();
    }

    /** As `aws --version`: the tool's version, then the runtime and the system it runs on. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = dev.fleetops.cli.common.BuildInfo.property("version");
            return new String[]{"fleetops/" + v + " Java/" + System.getProperty("java.version") + " "
                    + System.getProperty("os.name") + "/" + System.getProperty("os.version")};
        }
    }
}
