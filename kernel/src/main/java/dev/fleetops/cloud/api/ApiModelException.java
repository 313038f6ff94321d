package dev.fleetops.cloud.api;

/**
 * A call that cannot be made as written: unknown service, operation or input member, or an input value the
 * member's type cannot take. {@link #member()} is the dotted path of the offending input member (empty when the
 * service or operation itself is wrong), so a document validator can point at the exact key.
 */
public final class ApiModelException extends RuntimeException {

    private final String member;

    public ApiModelException(String member, String message) {
        super(message, null, false, false);
        this.member = member == null ? "" : member;
    }

    public String member() {
        return member;
    }
}
