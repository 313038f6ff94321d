package dev.fleetops.runbook.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.cloud.Cloud;
import dev.fleetops.cloud.CloudSetupException;
import dev.fleetops.cloud.api.ApiInvoker;
import dev.fleetops.json.Json;
import dev.fleetops.retry.AwsError;
import dev.fleetops.runbook.document.Document;
import dev.fleetops.source.NodeJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * On AWS, a Command document read from a local file becomes SSM's before SendCommand names it (SendCommand takes
 * a document name, never its content). Its SSM name is the document's (the file's base name); the SHA-256 of its
 * content is the version name, so a run whose file did not change finds the default version bearing that name
 * and sends nothing more (AWS Systems Manager API Reference: CreateDocument, UpdateDocument,
 * UpdateDocumentDefaultVersion, DescribeDocument):
 * <ol>
 *   <li>DescribeDocument: InvalidDocument (none) -> CreateDocument with VersionName = hash;</li>
 *   <li>its default version has that VersionName (or the same content Hash) -> nothing to do;</li>
 *   <li>else UpdateDocument ($LATEST, VersionName = hash) and UpdateDocumentDefaultVersion to the new version
 *   (a version of that name or content already there is made the default instead).</li>
 * </ol>
 * Credentials that may not (AccessDenied) end the run before anything is sent, saying what to allow or create.
 */
final class SsmDocumentSync {

    /** AWS reserves these prefixes for its own documents (CreateDocument: Name). */
    private static final List<String> RESERVED = List.of("aws", "amazon", "amzn");

    private final ApiInvoker invoker;
    private final Cloud cloud;
    private final Document doc;
    private final String file;
    private final String content;
    private final String hash;

    SsmDocumentSync(ApiInvoker invoker, Cloud cloud, Document doc, String file) {
        this.invoker = invoker;
        this.cloud = cloud;
        this.doc = doc;
        this.file = file;
        this.content = Json.compact(NodeJson.toJson(doc.node()));
        this.hash = sha256(content);
    }

    /** The content hash that names the version this file is in SSM. */
    String versionName() {
        return hash;
    }

    CompletionStage<Void> sync() {
        return call("DescribeDocument", Json.object().put("Name", doc.name())).handle((r, e) -> {
            if (e == null) return upToDateOrUpdate(r.path("Document"));
            AwsError err = AwsError.of(e);
            if (err.code().equals("InvalidDocument")) return create();
            return CompletableFuture.<Void>failedFuture(refusal("DescribeDocument", err));
        }).thenCompose(f -> f);
    }

    private CompletionStage<Void> create() {
        String lower = doc.name().toLowerCase(Locale.ROOT);
        if (!doc.name().matches("[a-zA-Z0-9_.-]{3,128}") || RESERVED.stream().anyMatch(lower::startsWith)) {
            return CompletableFuture.failedFuture(new StartRefused(StartRefused.Reason.NOT_RUNNABLE, file, List.of(
                    "SendCommand runs documents by name, and '" + doc.name() + "' cannot be created in SSM (3-128 of "
                            + "a-z A-Z 0-9 _ - ., not beginning with aws, amazon or amzn): rename the file")));
        }
        return call("CreateDocument", Json.object().put("Name", doc.name()).put("Content", content)
                .put("DocumentType", "Command").put("DocumentFormat", "JSON").put("VersionName", hash))
                .handle((r, e) -> e == null ? CompletableFuture.<Void>completedFuture(null)
                        : CompletableFuture.<Void>failedFuture(refusal("CreateDocument", AwsError.of(e))))
                .thenCompose(f -> f);
    }

    private CompletionStage<Void> upToDateOrUpdate(JsonNode d) {
        if (hash.equals(d.path("VersionName").asText()) || hash.equals(d.path("Hash").asText())) {
            return CompletableFuture.completedFuture(null);
        }
        if ("Amazon".equals(d.path("Owner").asText())) {
            return CompletableFuture.failedFuture(new StartRefused(StartRefused.Reason.NOT_RUNNABLE, file, List.of(
                    "'" + doc.name() + "' is an AWS-owned SSM document whose content differs from this file: SendCommand "
                            + "would run AWS's, not yours; rename the file")));
        }
        ObjectNode update = Json.object().put("Name", doc.name()).put("Content", content).put("DocumentVersion", "$LATEST")
                .put("VersionName", hash).put("DocumentFormat", "JSON");
        return call("UpdateDocument", update).handle((r, e) -> {
            if (e == null) return makeDefault(r.path("DocumentDescription").path("DocumentVersion").asText());
            AwsError err = AwsError.of(e);
            // an earlier version already has this content: make it the default
            if (err.code().equals("DuplicateDocumentVersionName")) return defaultOf(Json.object().put("VersionName", hash));
            if (err.code().equals("DuplicateDocumentContent")) return defaultOf(Json.object().put("DocumentVersion", "$LATEST"));
            return CompletableFuture.<Void>failedFuture(refusal("UpdateDocument", err));
        }).thenCompose(f -> f);
    }

    private CompletionStage<Void> defaultOf(ObjectNode version) {
        return call("DescribeDocument", version.put("Name", doc.name()))
                .thenCompose(r -> makeDefault(r.path("Document").path("DocumentVersion").asText()));
    }

    private CompletionStage<Void> makeDefault(String version) {
        return call("UpdateDocumentDefaultVersion", Json.object().put("Name", doc.name()).put("DocumentVersion", version))
                .handle((r, e) -> e == null ? CompletableFuture.<Void>completedFuture(null)
                        : CompletableFuture.<Void>failedFuture(refusal("UpdateDocumentDefaultVersion", AwsError.of(e))))
                .thenCompose(f -> f);
    }

    private CompletionStage<JsonNode> call(String operation, JsonNode input) {
        try {
            return invoker.invoke(cloud, "ssm", operation, input);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** AccessDenied is the environment's (exit 3, what to allow); anything else stays the error it is. */
    private RuntimeException refusal(String operation, AwsError err) {
        if (err.code().startsWith("AccessDenied") || err.code().equals("UnauthorizedOperation")) {
            return new CloudSetupException(file + ": SendCommand runs documents by name, so this local Command document "
                    + "must be in SSM first, and " + operation + " was denied (" + err.code() + "): allow ssm:DescribeDocument, "
                    + "ssm:CreateDocument, ssm:UpdateDocument and ssm:UpdateDocumentDefaultVersion on document/" + doc.name()
                    + ", or create it yourself: aws ssm create-document --name " + doc.name()
                    + " --document-type Command --content file://" + file);
        }
        return err.exception() instanceof RuntimeException r ? r : new IllegalStateException(err.message(), err.exception());
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
