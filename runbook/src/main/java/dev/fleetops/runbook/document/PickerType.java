package dev.fleetops.runbook.document;

import java.util.Optional;
import java.util.regex.Pattern;

/** Console picker parameter types and the values they admit (UG populating-input-parameters). */
public enum PickerType {
    INSTANCE_ID("AWS::EC2::Instance::Id", "^m?i-([a-z0-9]{8}|[a-z0-9]{17})$"),
    BUCKET_NAME("AWS::S3::Bucket::Name", "^[0-9a-z][a-z0-9\\-\\.]{3,63}$"),
    ROLE_ARN("AWS::IAM::Role::Arn", "^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b):iam::[0-9]{12}:role/.*$");

    private final String name;
    private final Pattern pattern;

    PickerType(String name, String regex) {
        this.name = name;
        this.pattern = Pattern.compile(regex);
    }

    public String typeName() {
        return name;
    }

    public Pattern pattern() {
        return pattern;
    }

    public static Optional<PickerType> of(String declared) {
        String base = declared.startsWith("List<") && declared.endsWith(">")
                ? declared.substring(5, declared.length() - 1) : declared;
        for (PickerType p : values()) if (p.name.equals(base)) return Optional.of(p);
        return Optional.empty();
    }
}
