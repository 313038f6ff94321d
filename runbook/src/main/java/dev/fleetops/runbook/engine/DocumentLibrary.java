package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.json.Json;
import dev.fleetops.runbook.document.DocumentValidator;
import dev.fleetops.runbook.document.Validation;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Documents by name, for {@code fleetops run NAME} and aws:executeAutomation's child runs: files in a
 * {@code --docs} directory ({@code NAME.yaml}, {@code NAME.yml}, {@code NAME.json}), then SSM GetDocument.
 * Each answer is already validated for where it will run.
 */
@FunctionalInterface
public interface DocumentLibrary {

    DocumentLibrary NONE = name -> CompletableFuture.completedFuture(Optional.empty());

    /** The validated document, or empty when no document has that name. */
    CompletionStage<Optional<Validation>> find(String name);

    /** This library, then {@code next} for names this one does not know. */
    default DocumentLibrary orElse(DocumentLibrary next) {
        return name -> find(name).thenCompose(v -> v.isPresent() ? CompletableFuture.completedFuture(v) : next.find(name));
    }

    static DocumentLibrary directory(Path dir, DocumentValidator validator) {
        return name -> {
            for (String ext : new String[]{".yaml", ".yml", ".json"}) {
                Path file = dir.resolve(name + ext);
                if (Files.isRegularFile(file)) return CompletableFuture.completedFuture(Optional.of(validator.validate(file)));
            }
            return CompletableFuture.completedFuture(Optional.empty());
        };
    }

    /** SSM GetDocument (the account's and AWS-owned documents); an unknown name (InvalidDocument) is empty. */
    static DocumentLibrary ssm(ApiInvoker invoker, Cloud cloud, DocumentValidator validator) {
        return name -> {
            JsonNode input = Json.object().put("Name", name);
            return invoker.invoke(cloud, "ssm", "GetDocument", input).handle((response, error) -> {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof AwsServiceException a && a.awsErrorDetails() != null
                            && "InvalidDocument".equals(a.awsErrorDetails().errorCode())) {
                        return Optional.<Validation>empty();
                    }
                    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
                }
                String format = response.path("DocumentFormat").asText("JSON").toLowerCase(java.util.Locale.ROOT);
                String file = name + (format.equals("yaml") ? ".yaml" : ".json");
                return Optional.of(validator.validate(file, response.path("Content").asText()));
            });
        };
    }
}
