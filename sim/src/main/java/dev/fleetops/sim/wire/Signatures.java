package dev.fleetops.sim.wire;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SigV4 signatures checked against the one pair of test credentials {@code sim serve --credentials} was given: the
 * request is signed again with the SDK's own signer ({@link AwsV4HttpSigner}), with the headers the client signed,
 * its {@code X-Amz-Date} and its credential scope, and the signatures compared. The codes are AWS's ("Common
 * Errors" in the API references): {@code InvalidClientTokenId} / {@code UnrecognizedClientException} for another
 * access key, {@code SignatureDoesNotMatch} / {@code InvalidSignatureException} for another secret, 403.
 */
final class Signatures {

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final String accessKeyId;
    private final AwsCredentialsIdentity identity;

    Signatures(String accessKeyId, String secret) {
        this.accessKeyId = accessKeyId;
        this.identity = AwsCredentialsIdentity.create(accessKeyId, secret);
    }

    /** Why {@code r} (signed: it names a credential scope) is refused, or empty when its signature is this secret's. */
    Optional<Failure> check(WireRequest r, boolean json) {
        String auth = r.header("authorization");
        if (auth == null) return Optional.of(new Failure("MissingAuthenticationToken",
                "Request is missing Authentication Token (query-string signatures are not checked: sign the Authorization header)", 403, true));
        String credential = part(auth, "Credential=");
        String signedHeaders = part(auth, "SignedHeaders=");
        String signature = part(auth, "Signature=");
        String date = r.header("x-amz-date");
        String[] scope = credential == null ? new String[0] : credential.split("/");
        if (scope.length != 5 || signedHeaders == null || signature == null || date == null) {
            return Optional.of(new Failure("IncompleteSignature", "The request signature does not conform to AWS standards: "
                    + "expected Credential=KEY/DATE/REGION/SERVICE/aws4_request, SignedHeaders, Signature and an X-Amz-Date header", 400, true));
        }
        if (!scope[0].equals(accessKeyId)) {
            return Optional.of(new Failure(json ? "UnrecognizedClientException" : "InvalidClientTokenId",
                    "The security token included in the request is invalid.", 403, true));
        }
        Instant at;
        try {
            at = Instant.from(AMZ_DATE.parse(date));
        } catch (DateTimeParseException e) {
            return Optional.of(new Failure("IncompleteSignature", "X-Amz-Date must be yyyyMMddTHHmmssZ, got " + date, 400, true));
        }
        String expected = part(SIGNER.sign(b -> b.identity(identity).request(unsigned(r, signedHeaders))
                .payload(ContentStreamProvider.fromByteArrayUnsafe(r.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, scope[3])
                .putProperty(AwsV4HttpSigner.REGION_NAME, scope[2])
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElse(""), "Signature=");
        if (expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new Failure(json ? "InvalidSignatureException" : "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key "
                        + "and signing method. Consult the service documentation for details.", 403, true));
    }

    /** The request as the client had it before signing: method, host, path, query and the headers it signed. */
    private static SdkHttpRequest unsigned(WireRequest r, String signedHeaders) {
        String host = r.header("host") == null ? "localhost" : r.header("host");
        int colon = host.lastIndexOf(':');
        boolean port = colon > 0 && !host.endsWith("]");
        SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(r.method())).protocol("http")
                .host(port ? host.substring(0, colon) : host).port(port ? Integer.parseInt(host.substring(colon + 1)) : 80)
                .encodedPath(r.path());
        rawQuery(r.query()).forEach(b::putRawQueryParameter);
        for (String h : signedHeaders.split(";")) {
            String v = r.header(h);
            if (v != null && !h.equals("authorization")) b.putHeader(h, v);
        }
        return b.build();
    }

    private static Map<String, List<String>> rawQuery(String q) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (q == null || q.isEmpty()) return out;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String part(String auth, String name) {
        int at = auth.indexOf(name);
        if (at < 0) return null;
        int end = auth.indexOf(',', at);
        String v = auth.substring(at + name.length(), end < 0 ? auth.length() : end).trim();
        return v.isEmpty() ? null : v;
    }
}
