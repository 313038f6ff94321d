package dev.fleetops.reconcile.resources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * RunInstances idempotency tokens derived from the resource's identity: the same fleet, resource and generation
 * always give the same token, so a crash after RunInstances was sent and a re-run never launch a second instance
 * (EC2 answers a repeated token with the first launch). The generation is bumped only to replace a terminated
 * instance. At most 64 ASCII characters, as EC2 requires.
 */
public final class ClientTokens {

    private ClientTokens() { }

    public static String of(String fleet, String resource, int generation) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] d = sha.digest((fleet + "\u0000" + resource + "\u0000" + generation).getBytes(StandardCharsets.UTF_8));
            return "fleetops-" + HexFormat.of().formatHex(d, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
