package dev.fleetops.cli.wait;

import dev.fleetops.cli.common.UsageError;
import dev.fleetops.cli.session.Session;
import dev.fleetops.cloud.api.ApiCatalog;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.runbook.document.DocumentValidator;
import dev.fleetops.runbook.document.RunTarget;
import dev.fleetops.runbook.document.Validation;
import dev.fleetops.runbook.engine.DocumentLibrary;
import dev.fleetops.waiters.firstready.Setup;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentParameter;
import software.amazon.awssdk.services.ssm.model.DocumentType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The setup document checked before first-ready touches any instance (a mistake found after the losers were
 * terminated could not be undone): SSM DescribeDocument says it exists, is of type Command and which parameters it
 * takes (those without a default are required), so {@code -p} must fit them; then the runbook module's validator
 * (the one {@code fleetops run} and {@code validate} use, over SSM GetDocument) must find nothing invalid in it, and
 * on the simulator, whose agent runs fewer plugins than SSM's, it must be runnable there. On AWS, SSM's own agent runs
 * the document, so a schema or plugin fleetops itself does not run (AWS-RunShellScript is schema 1.2) is fine.
 */
final class SetupPlan {

    private static final Duration API_WAIT = Duration.ofMinutes(1);

    private SetupPlan() { }

    static void check(Session session, Setup.Document setup) {
        String name = setup.documentName();
        String where = "--then-document " + name + ": ";
        DocumentDescription described = describe(session, name)
                .orElseThrow(() -> new UsageError(where + "no such document in SSM (DescribeDocument); nothing was changed"));
        if (described.documentType() != DocumentType.COMMAND) {
            throw new UsageError(where + "is a document of type " + described.documentTypeAsString() + "; the setup "
                    + "runs a Command document through SSM Run Command (SendCommand)");
        }
        List<String> problems = parameterProblems(setup, described.parameters());
        if (!problems.isEmpty()) throw new UsageError(where + String.join("; ", problems));

        RunTarget target = session.simulated() ? RunTarget.SIMULATOR : RunTarget.AWS;
        ApiInvoker invoker = new ApiInvoker(ApiCatalog.standard());
        DocumentValidator validator = new DocumentValidator(invoker.catalog(), target);
        Optional<Validation> v = session.await(DocumentLibrary.ssm(invoker, session.cloud(), validator).find(name), API_WAIT);
        if (v.orElse(null) instanceof Validation.Invalid i) {
            throw new UsageError(where + "the document is invalid: " + String.join("; ",
                    i.errors().stream().map(Object::toString).toList()) + " (see fleetops validate)");
        }
        if (session.simulated() && v.orElse(null) instanceof Validation.NotRunnable n && n.document() != null) {
            throw new UsageError(where + "cannot run on " + target.label() + ": " + String.join("; ", n.reasons()));
        }
    }

    private static Optional<DocumentDescription> describe(Session session, String name) {
        try {
            return Optional.of(session.await(session.cloud().ssm().describeDocument(r -> r.name(name)), API_WAIT).document());
        } catch (RuntimeException e) {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (c instanceof AwsServiceException a && a.awsErrorDetails() != null
                    && "InvalidDocument".equals(a.awsErrorDetails().errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static List<String> parameterProblems(Setup.Document setup, List<DocumentParameter> declared) {
        List<String> names = declared.stream().map(DocumentParameter::name).toList();
        List<String> problems = new ArrayList<>();
        for (String p : setup.parameters().keySet()) {
            if (!names.contains(p)) {
                problems.add("-p " + p + ": the document declares no such parameter (it has: "
                        + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
            }
        }
        for (DocumentParameter p : declared) {
            if (p.defaultValue() == null && !setup.parameters().containsKey(p.name())) {
                problems.add("parameter " + p.name() + " is required (no default): give -p " + p.name() + "=VALUE");
            }
        }
        return problems;
    }
}
