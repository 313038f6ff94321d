package dev.fleetops.handlers.decommission;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;

/**
 * Chef Server request signing (Mixlib::Authentication): protocol 1.3 (SHA-256, RSA PKCS#1 v1.5 signature over the
 * canonical request) and 1.0 (SHA-1 hashes, RSA private-key encryption of the canonical request), the headers
 * X-Ops-Sign, X-Ops-Userid, X-Ops-Timestamp, X-Ops-Content-Hash and X-Ops-Authorization-1..N (60-character lines).
 */
final class ChefSigner {

    public enum Version { V1_0, V1_3 }

    /** The Chef Server API version sent (and signed, in 1.3). */
    static final String SERVER_API_VERSION = "1";

    private final String userId;
    private final PrivateKey key;
    private final Version version;

    public ChefSigner(String userId, PrivateKey key, Version version) {
        this.userId = userId;
        this.key = key;
        this.version = version;
    }

    /**
     * @param path the request path without query (e.g. /organizations/acme/nodes/web-1)
     * @return the headers to add to the request
     */
    public Map<String, String> headers(String method, String path, byte[] body, Instant now) {
        String timestamp = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> h = new LinkedHashMap<>();
        try {
            String canonical;
            byte[] signature;
            if (version == Version.V1_3) {
                String contentHash = b64(digest("SHA-256", body));
                canonical = "Method:" + method + "\nPath:" + path + "\nX-Ops-Content-Hash:" + contentHash
                        + "\nX-Ops-Sign:version=1.3\nX-Ops-Timestamp:" + timestamp + "\nX-Ops-UserId:" + userId
                        + "\nX-Ops-Server-API-Version:" + SERVER_API_VERSION;
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(key);
                s.update(canonical.getBytes(StandardCharsets.UTF_8));
                signature = s.sign();
                h.put("X-Ops-Sign", "algorithm=sha256;version=1.3");
                h.put("X-Ops-Content-Hash", contentHash);
            } else {
                String contentHash = b64(digest("SHA-1", body));
                canonical = "Method:" + method + "\nHashed Path:" + b64(digest("SHA-1", path.getBytes(StandardCharsets.UTF_8)))
                        + "\nX-Ops-Content-Hash:" + contentHash + "\nX-Ops-Timestamp:" + timestamp + "\nX-Ops-UserId:" + userId;
                Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding"); // private-key encryption = OpenSSL private_encrypt
                c.init(Cipher.ENCRYPT_MODE, key);
                signature = c.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
                h.put("X-Ops-Sign", "algorithm=sha1;version=1.0;");
                h.put("X-Ops-Content-Hash", contentHash);
            }
            h.put("X-Ops-Userid", userId);
            h.put("X-Ops-Timestamp", timestamp);
            h.put("X-Ops-Server-API-Version", SERVER_API_VERSION);
            String sig = b64(signature);
            for (int i = 0, n = 1; i < sig.length(); i += 60, n++) {
                h.put("X-Ops-Authorization-" + n, sig.substring(i, Math.min(sig.length(), i + 60)));
            }
            return h;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the Chef request: " + e.getMessage(), e);
        }
    }

    /** Reads a PEM private key: PKCS#1 ("BEGIN RSA PRIVATE KEY", what Chef and goiardi write) or PKCS#8. */
    public static PrivateKey readKey(String pem) {
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(b64);
            if (pkcs1) der = pkcs1ToPkcs8(der);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key in PEM form: " + e.getMessage(), e);
        }
    }

    /** PKCS#8 PrivateKeyInfo { version 0, rsaEncryption, OCTET STRING pkcs1 }. */
    private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
                0x01, 0x05, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algorithm);
        body.write(0x04);
        body.writeBytes(length(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(length(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] length(int n) {
        if (n < 0x80) return new byte[] {(byte) n};
        if (n < 0x100) return new byte[] {(byte) 0x81, (byte) n};
        if (n < 0x10000) return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    private static byte[] digest(String algorithm, byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance(algorithm).digest(data);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
