package dev.fleetops.sim.ssm;

import dev.fleetops.sim.region.SimContext;
import dev.fleetops.source.InputError;
import dev.fleetops.source.MapNode;
import dev.fleetops.source.Node;
import dev.fleetops.source.SourceReader;
import software.amazon.awssdk.services.ssm.model.CreateDocumentRequest;
import software.amazon.awssdk.services.ssm.model.DocumentAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.DocumentDescription;
import software.amazon.awssdk.services.ssm.model.DocumentFormat;
import software.amazon.awssdk.services.ssm.model.DocumentParameter;
import software.amazon.awssdk.services.ssm.model.DocumentStatus;
import software.amazon.awssdk.services.ssm.model.DocumentType;
import software.amazon.awssdk.services.ssm.model.GetDocumentResponse;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentContentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentException;
import software.amazon.awssdk.services.ssm.model.InvalidDocumentSchemaVersionException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * SSM documents: the AWS-owned script documents plus those created with CreateDocument, stored as given (one
 * version each). Command documents are also parsed for the agent; Automation documents are only stored.
 */
final class Documents {

    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_\\-.]{3,128}$");

    /** @param command the parsed form, for Command documents */
    record Stored(String name, DocumentType type, DocumentFormat format, String content, String schemaVersion,
                  String description, String owner, Instant created, String hash,
                  Optional<CommandDocument> command) { }

    private final SimContext ctx;
    private final Map<String, Stored> documents = new LinkedHashMap<>();

    Documents(SimContext ctx) {
        this.ctx = ctx;
        for (String name : List.of(BuiltInDocuments.RUN_SHELL_SCRIPT, BuiltInDocuments.RUN_POWERSHELL_SCRIPT)) {
            documents.put(name, parse(name, DocumentType.COMMAND, DocumentFormat.JSON,
                    BuiltInDocuments.content(name), "Amazon"));
        }
    }

    Optional<Stored> find(String name) {
        return Optional.ofNullable(documents.get(name));
    }

    /** The document a request names; {@code InvalidDocument} when there is none. */
    Stored require(String name) {
        Stored d = documents.get(name);
        if (d == null) throw SsmErrors.of(InvalidDocumentException.builder(), "InvalidDocument",
                "Document with name " + name + " does not exist.");
        return d;
    }

    DocumentDescription create(CreateDocumentRequest r) {
        SsmErrors.required("content", r.content());
        SsmErrors.required("name", r.name());
        if (!NAME.matcher(r.name()).matches()) {
            throw SsmErrors.validation("Value '" + r.name() + "' at 'name' failed to satisfy constraint: Member must "
                    + "satisfy regular expression pattern: ^[a-zA-Z0-9_\\-.]{3,128}$");
        }
        String lower = r.name().toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("amazon") || lower.startsWith("amzn")) {
            throw SsmErrors.validation("Document name " + r.name() + " is reserved: names can't start with aws, "
                    + "amazon or amzn.");
        }
        if (documents.containsKey(r.name())) {
            throw SsmErrors.of(DocumentAlreadyExistsException.builder(), "DocumentAlreadyExists",
                    "Document with same name " + r.name() + " already exists");
        }
        DocumentType type = r.documentType() == null ? DocumentType.COMMAND : r.documentType();
        if (type == DocumentType.UNKNOWN_TO_SDK_VERSION) {
            throw SsmErrors.validation("Value '" + r.documentTypeAsString() + "' at 'documentType' failed to satisfy "
                    + "constraint: Member must satisfy enum value set");
        }
        DocumentFormat format = r.documentFormat() == null ? DocumentFormat.JSON : r.documentFormat();
        if (format == DocumentFormat.UNKNOWN_TO_SDK_VERSION) {
            throw SsmErrors.validation("Value '" + r.documentFormatAsString() + "' at 'documentFormat' failed to "
                    + "satisfy constraint: Member must satisfy enum value set");
        }
        Stored stored = parse(r.name(), type, format, r.content(), ctx.accountId());
        documents.put(r.name(), stored);
        return describe(stored);
    }

    private Stored parse(String name, DocumentType type, DocumentFormat format, String content, String owner) {
        MapNode root;
        try {
            Node tree = format == DocumentFormat.JSON ? SourceReader.readJson(name + ".json", content)
                    : SourceReader.readYaml(name + ".yaml", content);
            root = tree.asMap();
        } catch (InputError e) {
            throw SsmErrors.of(InvalidDocumentContentException.builder(), "InvalidDocumentContent", e.getMessage());
        }
        String schema = root.optString("schemaVersion").orElseThrow(() -> SsmErrors.of(
                InvalidDocumentSchemaVersionException.builder(), "InvalidDocumentSchemaVersion",
                "schemaVersion is required"));
        Optional<CommandDocument> command = Optional.empty();
        if (type == DocumentType.COMMAND) {
            if (!List.of("1.2", "2.0", "2.2").contains(schema)) throw badSchema(schema, type);
            try {
                command = Optional.of(CommandDocument.parse(root));
            } catch (InputError e) {
                throw SsmErrors.of(InvalidDocumentContentException.builder(), "InvalidDocumentContent",
                        e.getMessage());
            }
        } else if (type == DocumentType.AUTOMATION && !schema.equals("0.3")) {
            throw badSchema(schema, type);
        }
        return new Stored(name, type, format, content, schema, root.optString("description").orElse(""), owner,
                ctx.scheduler().now(), sha256(content), command);
    }

    private static RuntimeException badSchema(String schema, DocumentType type) {
        return SsmErrors.of(InvalidDocumentSchemaVersionException.builder(), "InvalidDocumentSchemaVersion",
                "Document schema version, " + schema + ", is not supported by the document type " + type);
    }

    DocumentDescription describe(Stored d) {
        DocumentDescription.Builder b = DocumentDescription.builder()
                .name(d.name()).documentType(d.type()).documentFormat(d.format()).schemaVersion(d.schemaVersion())
                .description(d.description()).owner(d.owner()).createdDate(d.created())
                .status(DocumentStatus.ACTIVE).documentVersion("1").latestVersion("1").defaultVersion("1")
                .hash(d.hash()).hashType("Sha256");
        d.command().ifPresent(c -> {
            b.platformTypesWithStrings(c.platformTypes());
            b.parameters(c.parameters().values().stream().map(p -> DocumentParameter.builder()
                    .name(p.name()).type(p.type()).description(p.description())
                    .defaultValue(p.defaultValue().map(v -> String.join(",", v)).orElse(null)).build()).toList());
        });
        return b.build();
    }

    GetDocumentResponse get(Stored d) {
        return GetDocumentResponse.builder().name(d.name()).content(d.content()).documentType(d.type())
                .documentFormat(d.format()).documentVersion("1").status(DocumentStatus.ACTIVE).build();
    }

    private static String sha256(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
