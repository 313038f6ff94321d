package dev.fleetops.cloud.api;

import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.traits.DefaultValueTrait;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;

/**
 * One member of an API structure, as the SDK's own model describes it ({@link SdkField}): its API name
 * ({@code TargetGroupArn}), its kind and, for lists, maps and structures, what it contains.
 */
public record Member(String name, MemberKind kind, SdkField<?> field) {

    static Member of(SdkField<?> field) {
        return new Member(field.memberName(), MemberKind.of(field.marshallingType()), field);
    }

    /** The element of a list member. */
    public Member element() {
        if (kind != MemberKind.LIST) throw new IllegalStateException(name + " is not a list");
        return of(field.getRequiredTrait(ListTrait.class).memberFieldInfo());
    }

    /** The value of a map member (keys are strings in every AWS model). */
    public Member mapValue() {
        if (kind != MemberKind.MAP) throw new IllegalStateException(name + " is not a map");
        return of(field.getRequiredTrait(MapTrait.class).valueFieldInfo());
    }

    /** The structure of a structure member. */
    public Shape structure() {
        if (kind != MemberKind.STRUCTURE) throw new IllegalStateException(name + " is not a structure");
        return Shape.of(field.constructor());
    }

    /**
     * Whether the model marks this member as the operation's idempotency token (the SDK gives a
     * {@link DefaultValueTrait} to those alone, and fills them with a fresh UUID per marshalling when left empty).
     * Some token members are not marked (SSM StartAutomationExecution's {@code ClientToken}, CloudFormation's
     * {@code ClientRequestToken}): the model leaves them to the caller.
     */
    public boolean markedIdempotencyToken() {
        return marksIdempotencyToken(field);
    }

    /** As {@link #markedIdempotencyToken()}, for a field of an SDK request. */
    public static boolean marksIdempotencyToken(SdkField<?> field) {
        return field.containsTrait(DefaultValueTrait.class);
    }

    /** The SSM/boto3 type name, for messages: "a string", "a list", "a structure". */
    public String describe() {
        return kind.description();
    }
}
