package dev.fleetops.lambda;

import dev.fleetops.events.rules.HandlerRegistry;
import dev.fleetops.events.rules.RuleSet;
import dev.fleetops.lambda.LambdaEnvironment.ConfigurationError;
import dev.fleetops.source.InputError;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The functions' rules: the file {@code FLEETOPS_RULES} names, else the rules packaged in the jar. A file that does
 * not load is a {@link ConfigurationError} naming the variable, the file, the line and what was expected.
 */
final class LambdaRules {

    private LambdaRules() { }

    /** @param text rules given as text (tests), ahead of the environment */
    static RuleSet load(LambdaEnvironment env, Optional<String> text, HandlerRegistry registry) {
        try {
            if (text.isPresent()) return RuleSet.load("rules.yaml", text.get(), registry);
            if (env.rulesFile().isPresent()) return RuleSet.load(Path.of(env.rulesFile().get()), registry);
            return RuleSet.load("jar:" + LambdaEnvironment.PACKAGED_RULES, packaged(), registry);
        } catch (InputError | InputError.Many e) {
            String origin = env.rulesFile().isPresent() && text.isEmpty()
                    ? LambdaEnvironment.RULES + "=" + env.rulesFile().get() : "the packaged rules";
            throw new ConfigurationError("the rules do not load (" + origin + "): " + e.getMessage());
        }
    }

    private static String packaged() {
        try (InputStream in = LambdaRules.class.getClassLoader().getResourceAsStream(LambdaEnvironment.PACKAGED_RULES)) {
            if (in == null) {
                throw new ConfigurationError("the jar has no " + LambdaEnvironment.PACKAGED_RULES + ": set "
                        + LambdaEnvironment.RULES + " to a rules file");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
