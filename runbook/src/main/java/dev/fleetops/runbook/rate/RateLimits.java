package dev.fleetops.runbook.rate;

import dev.fleetops.source.InputError;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MaxConcurrency and MaxErrors as SSM takes them (AWS Systems Manager User Guide: Running automations
 * with rate control): an integer or a percentage of the targets, validated with the API's own patterns; a
 * percentage is floor(pct x targets / 100), and concurrency is at least 1.
 *
 * @param maxConcurrency e.g. {@code 10}, {@code 10%}
 * @param maxErrors      e.g. {@code 0}, {@code 1}, {@code 25%}
 */
public record RateLimits(String maxConcurrency, String maxErrors) {

    static final Pattern CONCURRENCY = Pattern.compile("^([1-9][0-9]*|[1-9][0-9]%|[1-9]%|100%)$");
    static final Pattern ERRORS = Pattern.compile("^([1-9][0-9]*|[0]|[1-9][0-9]%|[0-9]%|100%)$");

    /** StartAutomationExecution's documented MaxConcurrency default; MaxErrors as SendCommand's (0). */
    public static final RateLimits AUTOMATION_DEFAULTS = new RateLimits("10", "0");
    /** SendCommand's documented defaults. */
    public static final RateLimits RUN_COMMAND_DEFAULTS = new RateLimits("50", "0");

    public RateLimits {
        concurrencyProblem(maxConcurrency).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        errorsProblem(maxErrors).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
    }

    /** Parses user input; a bad value is an {@link InputError} naming {@code concurrencyField}/{@code errorsField}. */
    public static RateLimits of(String maxConcurrency, String concurrencyField, String maxErrors, String errorsField) {
        concurrencyProblem(maxConcurrency).ifPresent(p -> {
            throw new InputError(null, concurrencyField, p);
        });
        errorsProblem(maxErrors).ifPresent(p -> {
            throw new InputError(null, errorsField, p);
        });
        return new RateLimits(maxConcurrency, maxErrors);
    }

    /** What is wrong with a MaxConcurrency value, if anything. */
    public static Optional<String> concurrencyProblem(String v) {
        if (v == null || v.isEmpty() || v.length() > 7 || !CONCURRENCY.matcher(v).matches()) {
            return Optional.of("invalid value '" + v + "': expected a number of targets (1 or more) or a percentage"
                    + " of them (1% to 100%), matching " + CONCURRENCY.pattern());
        }
        return Optional.empty();
    }

    /** What is wrong with a MaxErrors value, if anything. */
    public static Optional<String> errorsProblem(String v) {
        if (v == null || v.isEmpty() || v.length() > 7 || !ERRORS.matcher(v).matches()) {
            return Optional.of("invalid value '" + v + "': expected a number of errors (0 or more) or a percentage"
                    + " of the targets (0% to 100%), matching " + ERRORS.pattern());
        }
        return Optional.empty();
    }

    /** Children allowed in flight for {@code targets} targets: max(1, floor(pct x n / 100)), integers as is. */
    public int concurrency(int targets) {
        return Math.max(1, amount(maxConcurrency, targets));
    }

    /** Errors tolerated: floor(pct x n / 100), integers as is. One more stops the run from starting targets. */
    public int allowedErrors(int targets) {
        return amount(maxErrors, targets);
    }

    static int amount(String value, int targets) {
        if (value.endsWith("%")) {
            return (int) ((long) Integer.parseInt(value.substring(0, value.length() - 1)) * targets / 100);
        }
        return Integer.parseInt(value);
    }
}
