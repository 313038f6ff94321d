package dev.fleetops.runbook.rate;

import dev.fleetops.source.InputError;
import dev.fleetops.source.Suggest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rate-controlled run as the command line asks for it ({@code --targets}, {@code --target-parameter-name} or
 * {@code --target-maps}, {@code --max-concurrency}, {@code --max-errors}), checked against the document before
 * anything runs. With TargetMaps there is no target parameter: {@code targetParameterName} is null.
 */
public record RateControlRequest(String document, Map<String, List<String>> parameters, Targets targets,
                                 String targetParameterName, RateLimits limits) {

    public static final String TARGETS = "--targets";
    public static final String TARGET_PARAMETER = "--target-parameter-name";
    public static final String MAX_CONCURRENCY = "--max-concurrency";
    public static final String MAX_ERRORS = "--max-errors";
    public static final String TARGET_MAPS = "--target-maps";

    public RateControlRequest {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    /** True when any rate-control flag is given (the run is then rate controlled, or a usage error). */
    public static boolean requested(String targets, String targetParameterName, String maxConcurrency, String maxErrors) {
        return targets != null || targetParameterName != null || maxConcurrency != null || maxErrors != null;
    }

    /**
     * TargetMaps: one child per map (SSM StartAutomationExecution, TargetMaps: "Both Targets and TargetMaps can't
     * be specified together"); each map's keys must be parameters of the document and not also given with -p.
     */
    public static RateControlRequest ofMaps(String document, Set<String> documentParameters,
                                            Map<String, List<String>> parameters, String targetMaps,
                                            String maxConcurrency, String maxErrors) {
        Targets.Maps maps = Targets.parseMaps(targetMaps, TARGET_MAPS);
        for (int i = 0; i < maps.maps().size(); i++) {
            for (String name : maps.maps().get(i).keySet()) {
                if (!documentParameters.contains(name)) {
                    String hint = Suggest.closest(name, documentParameters);
                    throw new InputError(null, TARGET_MAPS, "map " + (i + 1) + ": '" + name + "' is not a parameter of "
                            + document + (hint != null ? " (did you mean '" + hint + "'?)" : "") + "; its parameters: "
                            + (documentParameters.isEmpty() ? "none" : String.join(", ", documentParameters)));
                }
                if (parameters.containsKey(name)) {
                    throw new InputError(null, TARGET_MAPS, "map " + (i + 1) + ": '" + name + "' is also given with -p;"
                            + " a parameter is set either for every child (-p) or per child (--target-maps)");
                }
            }
        }
        return new RateControlRequest(document, parameters, maps, null, limits(maxConcurrency, maxErrors));
    }

    /**
     * Validates the flags (each error names its flag, as an {@link InputError}).
     *
     * @param documentParameters the parameters the document declares (TargetParameterName must be one, exactly)
     * @param maxConcurrency     null for the default (10)
     * @param maxErrors          null for the default (0)
     */
    public static RateControlRequest of(String document, Set<String> documentParameters,
                                        Map<String, List<String>> parameters, String targets,
                                        String targetParameterName, String maxConcurrency, String maxErrors) {
        if (targets == null) {
            String flag = targetParameterName != null ? TARGET_PARAMETER : maxConcurrency != null ? MAX_CONCURRENCY : MAX_ERRORS;
            throw new InputError(null, flag, "applies to rate-controlled runs only: give --targets tag:KEY=VALUE or a list of ids");
        }
        Targets parsed = Targets.parse(targets, TARGETS);
        if (targetParameterName == null || targetParameterName.isEmpty()) {
            throw new InputError(null, TARGET_PARAMETER, "required with --targets: the document parameter that receives"
                    + " each target (one of: " + String.join(", ", documentParameters) + ")");
        }
        if (!documentParameters.contains(targetParameterName)) {
            String hint = Suggest.closest(targetParameterName, documentParameters);
            throw new InputError(null, TARGET_PARAMETER, "'" + targetParameterName + "' is not a parameter of " + document
                    + (hint != null ? " (did you mean '" + hint + "'? names are case-sensitive)" : "")
                    + "; its parameters: " + (documentParameters.isEmpty() ? "none" : String.join(", ", documentParameters)));
        }
        if (parameters.containsKey(targetParameterName)) {
            throw new InputError(null, TARGET_PARAMETER, "'" + targetParameterName + "' is also given with -p: under"
                    + " rate control each target sets it; drop -p " + targetParameterName + "=...");
        }
        return new RateControlRequest(document, parameters, parsed, targetParameterName, limits(maxConcurrency, maxErrors));
    }

    private static RateLimits limits(String maxConcurrency, String maxErrors) {
        return RateLimits.of(
                maxConcurrency == null ? RateLimits.AUTOMATION_DEFAULTS.maxConcurrency() : maxConcurrency, MAX_CONCURRENCY,
                maxErrors == null ? RateLimits.AUTOMATION_DEFAULTS.maxErrors() : maxErrors, MAX_ERRORS);
    }
}
