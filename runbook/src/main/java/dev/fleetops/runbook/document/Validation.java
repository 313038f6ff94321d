package dev.fleetops.runbook.document;

import java.util.List;

/**
 * The verdict on one document. {@code Invalid} wins over {@code NotRunnable}: a document is only "not runnable
 * here" when nothing in it is wrong. {@code warnings} are things AWS accepts but that are probably mistakes.
 */
public sealed interface Validation {

    String file();

    /** Null when the file could not be read as a document at all. */
    Document document();

    /**
     * Defects AWS accepts when the document is created but that fail the step when it runs (an unknown API member,
     * an undeclared step output, a default outside allowedValues) or that the agent ignores (an unknown plugin
     * input). AWS-owned documents have some, so they do not make a document invalid; {@code fleetops run} refuses
     * a document with warnings unless told to go ahead.
     */
    List<DocumentError> warnings();

    record Valid(String file, Document document, List<DocumentError> warnings) implements Validation { }

    record Invalid(String file, Document document, List<DocumentError> errors, List<DocumentError> warnings)
            implements Validation { }

    /** Valid as AWS sees it, but fleetops cannot run it on this target, for {@code reasons}. */
    record NotRunnable(String file, Document document, String schemaVersion, List<String> reasons,
                       List<DocumentError> warnings) implements Validation { }

    default String status() {
        if (this instanceof Valid) return "valid";
        if (this instanceof Invalid) return "invalid";
        return "not-runnable";
    }
}
