package dev.fleetops.handlers.decommission;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mixlib-Authentication headers, checked the way a Chef server verifies them (goiardi: DecommissionProofTest). */
class ChefSignerTest {

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00.123Z");
    private static final KeyPair KEYS = keys();

    private static KeyPair keys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String signature(Map<String, String> h) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; h.containsKey("X-Ops-Authorization-" + i); i++) {
            assertThat(h.get("X-Ops-Authorization-" + i).length()).isLessThanOrEqualTo(60);
            b.append(h.get("X-Ops-Authorization-" + i));
        }
        return b.toString();
    }

    private static String b64sha(String alg, String s) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void version13SignsTheCanonicalRequestWithSha256() throws Exception {
        Map<String, String> h = new ChefSigner("fleetops", KEYS.getPrivate(), ChefSigner.Version.V1_3)
                .headers("DELETE", "/organizations/acme/nodes/web-1", new byte[0], NOW);

        assertThat(h).containsEntry("X-Ops-Sign", "algorithm=sha256;version=1.3").containsEntry("X-Ops-Userid", "fleetops")
                .containsEntry("X-Ops-Timestamp", "2026-01-05T09:00:00Z").containsEntry("X-Ops-Server-API-Version", "1")
                .containsEntry("X-Ops-Content-Hash", b64sha("SHA-256", ""));
        String canonical = "Method:DELETE\nPath:/organizations/acme/nodes/web-1\nX-Ops-Content-Hash:" + b64sha("SHA-256", "")
                + "\nX-Ops-Sign:version=1.3\nX-Ops-Timestamp:2026-01-05T09:00:00Z\nX-Ops-UserId:fleetops"
                + "\nX-Ops-Server-API-Version:1";
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(KEYS.getPublic());
        v.update(canonical.getBytes(StandardCharsets.UTF_8));
        assertThat(v.verify(Base64.getDecoder().decode(signature(h)))).isTrue();
    }

    @Test
    void version10EncryptsTheCanonicalRequestWithTheKey() throws Exception {
        Map<String, String> h = new ChefSigner("fleetops", KEYS.getPrivate(), ChefSigner.Version.V1_0)
                .headers("DELETE", "/nodes/web-1", new byte[0], NOW);

        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        c.init(Cipher.DECRYPT_MODE, KEYS.getPublic());
        String canonical = new String(c.doFinal(Base64.getDecoder().decode(signature(h))), StandardCharsets.UTF_8);
        assertThat(canonical).isEqualTo("Method:DELETE\nHashed Path:" + b64sha("SHA-1", "/nodes/web-1")
                + "\nX-Ops-Content-Hash:" + b64sha("SHA-1", "") + "\nX-Ops-Timestamp:2026-01-05T09:00:00Z\nX-Ops-UserId:fleetops");
        assertThat(h).containsEntry("X-Ops-Sign", "algorithm=sha1;version=1.0;");
    }

    @Test
    void keysAreReadInPkcs8AndPkcs1Form() throws Exception {
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(KEYS.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        assertThat(ChefSigner.readKey(pkcs8)).isEqualTo(KEYS.getPrivate());
        // PKCS#1 is the inner RSAPrivateKey of PKCS#8: strip the 26-byte PKCS#8 header of a 2048-bit key.
        byte[] der = KEYS.getPrivate().getEncoded();
        byte[] pkcs1 = java.util.Arrays.copyOfRange(der, 26, der.length);
        String pem = "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n";
        assertThat(ChefSigner.readKey(pem).getEncoded()).isEqualTo(der);
        assertThatThrownBy(() -> ChefSigner.readKey("not a key")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an RSA private key in PEM form");
    }
}
