package dev.fleetops.runbook.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * What {@code fleetops validate -o json} prints for one document. Member names follow the AWS style of the rest
 * of fleetops' JSON output (PascalCase).
 */
@JsonPropertyOrder({"File", "DocumentName", "SchemaVersion", "Status", "Errors", "Reasons", "Warnings", "ScriptFindings"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ValidationReport(
        @JsonProperty("File") String file,
        @JsonProperty("DocumentName") String documentName,
        @JsonProperty("SchemaVersion") String schemaVersion,
        @JsonProperty("Status") String status,
        @JsonProperty("Errors") List<Error> errors,
        @JsonProperty("Reasons") List<String> reasons,
        @JsonProperty("Warnings") List<Error> warnings,
        @JsonProperty("ScriptFindings") List<Error> scriptFindings) {

    @JsonPropertyOrder({"Location", "Step", "Field", "Message"})
    public record Error(@JsonProperty("Location") String location, @JsonProperty("Step") String step,
                        @JsonProperty("Field") String field, @JsonProperty("Message") String message) {

        static Error of(DocumentError e) {
            return new Error(e.location().toString(), e.step(), e.field(), e.message());
        }
    }

    public static ValidationReport of(Validation v) {
        return of(v, null);
    }

    /** @param scriptFindings ShellCheck's findings in the inline scripts; null when they were not linted */
    public static ValidationReport of(Validation v, List<DocumentError> scriptFindings) {
        String schema = v.document() != null ? v.document().schema().version()
                : v instanceof Validation.NotRunnable n ? n.schemaVersion() : "";
        List<Error> errors = v instanceof Validation.Invalid i ? i.errors().stream().map(Error::of).toList() : List.of();
        List<String> reasons = v instanceof Validation.NotRunnable n ? n.reasons() : List.of();
        return new ValidationReport(v.file(), DocumentValidator.documentName(v.file()), schema, v.status(), errors,
                reasons, v.warnings().stream().map(Error::of).toList(),
                scriptFindings == null ? null : scriptFindings.stream().map(Error::of).toList());
    }
}
