package dev.fleetops.sim.ec2;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * EC2 pagination: {@code MaxResults} 5-1000 and an opaque {@code NextToken} that here carries the position to
 * resume from (an instance's launch sequence number or an offset), so pages stay stable while instances come and go.
 */
final class Pages {

    static final int UNLIMITED = Integer.MAX_VALUE;
    private static final String PREFIX = "fleetops-sim:";

    private Pages() { }

    /** @return the page size, {@link #UNLIMITED} when the request does not paginate */
    static int limit(Integer maxResults, int min, int max) {
        if (maxResults == null) return UNLIMITED;
        if (maxResults < min || maxResults > max) {
            throw Ec2Errors.invalidValue("Value ( " + maxResults + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between " + min + " and " + max + ".");
        }
        return maxResults;
    }

    static long position(String nextToken) {
        if (nextToken == null || nextToken.isEmpty()) return 0;
        try {
            String s = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            if (s.startsWith(PREFIX)) return Long.parseLong(s.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // falls through: not one of ours
        }
        throw Ec2Errors.invalidValue("The parameter NextToken is invalid: " + nextToken);
    }

    static String token(long position) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + position).getBytes(StandardCharsets.UTF_8));
    }
}
