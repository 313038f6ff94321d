package dev.fleetops.lambda.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step of fleetops-lambda.jar (run by lambda/pom.xml after the shade): keeps, of each AWS SDK service, only
 * the model of the operations template.yaml allows. The SDK's service models are most of the shaded jar (EC2's
 * alone is 18 MB of ~750 operations; the functions call three), and maven-shade's minimizeJar cannot drop them:
 * every client class refers to every operation.
 *
 * <p>Of {@code software/amazon/awssdk/services/SVC/}, the {@code model/}, {@code transform/}, {@code paginators/}
 * and {@code waiters/} classes are kept when reachable (constant-pool references, transitively) from: the request,
 * response and marshaller classes of each operation an IAM statement of the template names ({@code ec2:CreateTags}),
 * the service's exceptions (the client registers all of them when it is built), and every other class of the
 * service except the client interfaces and implementations (which refer to every operation). Each operation's
 * {@code *Request} class is kept too, as a stub of its name and superclass for the operations not allowed: the
 * JVM's verifier loads them all (to check their assignment to SdkRequest) when it links the client class.
 * The synchronous clients go too, and of a service the template allows no operation of, all but its async client
 * interface (the Cloud registers each client by that interface). Everything else in the jar is left alone. ShadedArtifactIT proves the trimmed jar still handles every function's
 * events in a fresh JVM. An operation the template does not allow is missing from the jar as it is from the role.
 *
 * <p>Arguments: the jar (rewritten in place), the template.
 */
public final class ServiceModelTrim {

    private static final Pattern ACTION = Pattern.compile("\\b(ec2|autoscaling|elasticloadbalancing|route53|sqs|dynamodb|ssm):([A-Z][A-Za-z0-9]+)\\b");
    /** IAM action prefix -> SDK service package. */
    private static final Map<String, String> PACKAGES = Map.of("elasticloadbalancing", "elasticloadbalancingv2");
    private static final String SERVICES = "software/amazon/awssdk/services/";
    private static final Pattern REFERENCE = Pattern.compile("software/amazon/awssdk/services/[a-z0-9]+/[A-Za-z0-9_/$]+");
    private static final Pattern SERVICE = Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/(.+)");
    /** A second service in DynamoDB's artifact (DynamoDbStreamsAsyncClient), which the functions never build. */
    private static final String DYNAMODB_STREAMS = "software/amazon/awssdk/services/dynamodb/streams/";
    private static final Pattern TRIMMED = Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/(model|transform|paginators|waiters)/.*\\.class");
    private static final Pattern CLIENT = Pattern.compile("software/amazon/awssdk/services/[a-z0-9]+/(Default)?[A-Za-z0-9]+(Async)?Client\\.class");
    /** The synchronous clients: fleetops builds async ones only (docs/design.md, principle 1). */
    private static final Pattern SYNC_CLIENT = Pattern.compile("software/amazon/awssdk/services/[a-z0-9]+/(Default)?[A-Za-z0-9]+(?<!Async)Client\\.class");

    private ServiceModelTrim() { }

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Map<String, Set<String>> operations = operations(Files.readString(Path.of(args[1])));
        long before = Files.size(jar);
        int removed = trim(jar, operations);
        System.out.printf("ServiceModelTrim: %s %,d -> %,d bytes (%d classes of unused operations removed; kept %s)%n",
                jar.getFileName(), before, Files.size(jar), removed, operations);
    }

    /** The operations each IAM statement allows, by SDK service package. */
    static Map<String, Set<String>> operations(String template) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Matcher m = ACTION.matcher(template);
        while (m.find()) out.computeIfAbsent(PACKAGES.getOrDefault(m.group(1), m.group(1)), k -> new TreeSet<>()).add(m.group(2));
        return out;
    }

    static int trim(Path jar, Map<String, Set<String>> operations) throws IOException {
        Set<String> keep = new HashSet<>();
        Set<String> stubs = new HashSet<>();
        Set<String> unused = new HashSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Set<String> names = new HashSet<>();
            zip.stream().forEach(e -> names.add(e.getName()));
            Deque<String> roots = new ArrayDeque<>();
            for (String name : names) {
                Matcher s = SERVICE.matcher(name);
                boolean unusedService = s.matches() && (!operations.containsKey(s.group(1)) || name.startsWith(DYNAMODB_STREAMS));
                if (unusedService && !s.group(2).matches("[A-Za-z0-9]+AsyncClient\\.class")) {
                    unused.add(name);
                    continue;
                }
                Matcher t = TRIMMED.matcher(name);
                if (!t.matches()) {
                    if (name.startsWith(SERVICES) && name.endsWith(".class") && !CLIENT.matcher(name).matches()) roots.add(name);
                    continue;
                }
                String simple = name.substring(name.lastIndexOf('/') + 1);
                String top = simple.contains("$") ? simple.substring(0, simple.indexOf('$')) : simple.replace(".class", "");
                if (t.group(2).equals("model") && !simple.contains("$") && simple.endsWith("Request.class")) stubs.add(name);
                if (t.group(2).equals("model") && top.endsWith("Exception")) roots.add(name);
                if (t.group(2).equals("transform") && name.contains("/transform/internal/")) roots.add(name);
                for (String op : operations.getOrDefault(t.group(1), Set.of())) {
                    if (top.equals(op + "Request") || top.equals(op + "Response") || top.startsWith(op + "Request")
                            && top.endsWith("Marshaller")) roots.add(name);
                }
            }
            Set<String> seen = new HashSet<>();
            while (!roots.isEmpty()) {
                String name = roots.pop();
                if (!seen.add(name)) continue;
                boolean model = TRIMMED.matcher(name).matches();
                if (model) keep.add(name);
                try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
                    for (String ref : ClassReferences.of(in.readAllBytes(), REFERENCE)) {
                        String file = ref + ".class";
                        if (!names.contains(file) || seen.contains(file) || !TRIMMED.matcher(file).matches()) continue;
                        // The service's own machinery (e.g. DynamoDB's endpoint interceptor) tests a request's type
                        // with instanceof: a stub answers that; the request's data only matters for allowed ones.
                        if (!model && stubs.contains(file)) continue;
                        roots.add(file);
                    }
                }
            }
            Path out = Files.createTempFile(jar.getParent(), "trim", ".jar");
            int removed = 0;
            try (OutputStream o = Files.newOutputStream(out); ZipOutputStream z = new ZipOutputStream(o)) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    if (TRIMMED.matcher(e.getName()).matches() && !keep.contains(e.getName()) && !stubs.contains(e.getName())
                            || SYNC_CLIENT.matcher(e.getName()).matches() || unused.contains(e.getName())) {
                        removed++;
                        continue;
                    }
                    ZipEntry copy = new ZipEntry(e.getName());
                    copy.setTime(e.getTime());
                    z.putNextEntry(copy);
                    try (InputStream in = zip.getInputStream(e)) {
                        if (stubs.contains(e.getName()) && !keep.contains(e.getName())) {
                            z.write(ClassReferences.stub(in.readAllBytes()));
                        } else {
                            in.transferTo(z);
                        }
                    }
                    z.closeEntry();
                }
            }
            Files.setPosixFilePermissions(out, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Files.move(out, jar, StandardCopyOption.REPLACE_EXISTING);
            return removed;
        }
    }
}
