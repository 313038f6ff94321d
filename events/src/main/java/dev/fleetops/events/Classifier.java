package dev.fleetops.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.spi.Event;
import dev.fleetops.json.Json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one message body into a {@link Classified}: EventBridge JSON; an SNS notification whose {@code Message}
 * holds either of the other shapes; a raw Auto Scaling lifecycle notification (no detail-type, id = RequestId,
 * normalized to the EventBridge shape); its {@code autoscaling:TEST_NOTIFICATION} (acknowledged, dropped).
 * Anything else is rejected with a reason (reference ec2-events-and-lifecycle.md sections 1-2, checklist item 2).
 *
 * <p>Tolerated explicitly, each with a note on the event: the AWS sample's placeholders
 * {@code "time": "yyyy-mm-ddThh:mm:ssZ"} (time treated as unknown: the receive time is used) and
 * {@code "instance-action": "action"} (the default interruption behaviour, terminate, is assumed); a missing
 * {@code version} (the AWS state-change sample and seed 002 omit it); a missing {@code account} (moto).
 */
public final class Classifier {

    /** SQS's own limit; anything larger did not come from AWS. */
    public static final int MAX_BYTES = 256 * 1024;
    public static final String TIME_PLACEHOLDER = "yyyy-mm-ddThh:mm:ssZ";
    public static final String ACTION_PLACEHOLDER = "action";
    private static final Map<String, String> TRANSITIONS = Map.of(
            "autoscaling:EC2_INSTANCE_TERMINATING", Event.TERMINATE_ACTION,
            "autoscaling:EC2_INSTANCE_LAUNCHING", Event.LAUNCH_ACTION);

    private final String defaultRegion;

    /** @param defaultRegion the region of raw Auto Scaling notifications (they carry none) */
    public Classifier(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    public Classified classify(String body, Instant received) {
        if (body == null || body.isBlank()) return new Classified.Rejected("empty message");
        if (body.length() > MAX_BYTES) return new Classified.Rejected("message larger than 256 KiB");
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (JsonProcessingException e) {
            return new Classified.Rejected("not JSON: " + e.getOriginalMessage());
        }
        return classify(root, body, received, false);
    }

    /** Classifies an already parsed tree (the simulator's bus, a JSON array from a file). */
    public Classified classify(JsonNode root, String raw, Instant received, boolean viaSns) {
        if (root == null || !root.isObject()) {
            return new Classified.Rejected("not a JSON object (" + (root == null ? "nothing" : root.getNodeType().name().toLowerCase(Locale.ROOT)) + ")");
        }
        if (!viaSns && "Notification".equals(root.path("Type").asText()) && root.has("Message")) {
            JsonNode message = root.get("Message");
            if (!message.isTextual()) return new Classified.Rejected("SNS notification: Message is not a string");
            JsonNode inner;
            try {
                inner = Json.parse(message.asText());
            } catch (JsonProcessingException e) {
                return new Classified.Rejected("SNS notification: Message is not JSON: " + e.getOriginalMessage());
            }
            return classify(inner, raw, received, true);
        }
        if (root.has("detail-type")) return eventBridge((ObjectNode) root, raw, received, viaSns);
        if ("autoscaling:TEST_NOTIFICATION".equals(root.path("Event").asText())) {
            return new Classified.Acknowledged("autoscaling:TEST_NOTIFICATION for group "
                    + root.path("AutoScalingGroupName").asText("?") + " (sent when a lifecycle hook gets a notification target)");
        }
        if (root.has("LifecycleTransition") || "AWS Auto Scaling".equals(root.path("Service").asText())) {
            return autoScaling((ObjectNode) root, raw, received, viaSns);
        }
        return new Classified.Rejected("unknown message: neither an EventBridge event (no detail-type) nor an Auto Scaling notification");
    }

    private Classified eventBridge(ObjectNode o, String raw, Instant received, boolean viaSns) {
        List<String> notes = new ArrayList<>();
        Optional<String> problem = requireText(o, "id").or(() -> requireText(o, "source"))
                .or(() -> requireText(o, "detail-type"));
        if (problem.isPresent()) return new Classified.Rejected(problem.get());
        JsonNode detail = o.get("detail");
        if (detail == null || !detail.isObject()) return new Classified.Rejected("detail: missing or not an object");
        if (!o.has("version")) notes.add("no version member (as in the AWS sample); accepted");
        String region = defaultRegion;
        if (o.has("region")) {
            if (!o.get("region").isTextual()) return new Classified.Rejected("region: not a string");
            region = o.get("region").asText();
        }
        Optional<String> account = Optional.empty();
        if (o.hasNonNull("account")) account = Optional.of(o.get("account").asText());
        List<String> resources = new ArrayList<>();
        JsonNode res = o.get("resources");
        if (res != null && !res.isNull()) {
            if (!res.isArray()) return new Classified.Rejected("resources: not an array");
            for (JsonNode r : res) {
                if (!r.isTextual()) return new Classified.Rejected("resources: not all strings");
                resources.add(r.asText());
            }
        }
        Optional<Instant> time;
        boolean timeAsInstantPrints = false; // the text is exactly what Instant.toString gives for it
        JsonNode t = o.get("time");
        if (t == null || t.isNull()) {
            time = Optional.empty();
            notes.add("no time member: the receive time is used");
        } else if (TIME_PLACEHOLDER.equals(t.asText())) {
            time = Optional.empty();
            notes.add("time is the AWS sample's placeholder '" + TIME_PLACEHOLDER + "': the receive time is used");
        } else {
            try {
                Instant fast = awsTime(t.asText());
                time = Optional.of(fast != null ? fast : Instant.parse(t.asText()));
                timeAsInstantPrints = fast != null;
            } catch (DateTimeParseException e) {
                return new Classified.Rejected("time: '" + t.asText() + "' is not an ISO-8601 UTC time");
            }
        }
        String detailType = o.get("detail-type").asText();
        Optional<String> shape = checkDetail(detailType, detail, notes);
        if (shape.isPresent()) return new Classified.Rejected(detailType + ": " + shape.get());
        Event event = new Event(o.get("id").asText(), o.get("source").asText(), detailType, time,
                received, region, account, resources, detail, raw,
                viaSns ? Event.Envelope.SNS_EVENTBRIDGE : Event.Envelope.EVENTBRIDGE, notes);
        return timeAsInstantPrints && isEnvelope(o) ? new Classified.Accepted(event, o) : new Classified.Accepted(event);
    }

    private static final List<String> ENVELOPE_MEMBERS =
            List.of("version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail");

    /**
     * Whether the message's tree already equals {@link Event#envelopeJson()} member for member (version "0",
     * nothing else at the top; the caller checked that its time prints as the Instant it parses to), so the rules
     * can match it as it is instead of a copy built per event: the same answer, less work on the intake's hot path
     * ({@code bench rules}).
     */
    private static boolean isEnvelope(ObjectNode o) {
        if (!o.path("version").isTextual() || !"0".equals(o.get("version").asText()) || !o.path("region").isTextual()) return false;
        JsonNode account = o.get("account");
        if (account != null && !account.isTextual()) return false;
        JsonNode resources = o.get("resources");
        if (resources == null || !resources.isArray()) return false;
        int present = 0;
        for (String m : ENVELOPE_MEMBERS) if (o.has(m)) present++;
        return present == o.size();
    }

    /** {@link Instant#parse}, through {@link #awsTime} first. */
    static Instant instant(String text) {
        Instant fast = awsTime(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /**
     * The form AWS sends ({@code 2026-01-05T09:00:00Z}), parsed without the ISO parser (most of the classifier's
     * cost); null for anything else or anything it doubts, which then goes to Instant.parse, so the answer (and
     * the error) is always Instant.parse's. What it parses prints back as the same text (Instant.toString).
     */
    static Instant awsTime(String text) {
        if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        return java.time.LocalDateTime.of(year, month, day, hour, minute, second).toInstant(java.time.ZoneOffset.UTC);
    }

    /** The decimal number in text[from, to), or -1 when a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The members the handlers rely on, for the event kinds they handle; other kinds pass as they are. */
    private static Optional<String> checkDetail(String detailType, JsonNode detail, List<String> notes) {
        switch (detailType) {
            case Event.SPOT_WARNING -> {
                Optional<String> id = instanceId(detail, "instance-id");
                if (id.isPresent()) return id;
                String action = detail.path("instance-action").asText("");
                if (ACTION_PLACEHOLDER.equals(action)) {
                    notes.add("instance-action is the AWS sample's placeholder 'action': terminate (the default) assumed");
                } else if (!List.of("terminate", "stop", "hibernate").contains(action)) {
                    return Optional.of("detail.instance-action: '" + action + "' is not terminate, stop or hibernate");
                }
                return Optional.empty();
            }
            case Event.REBALANCE -> {
                return instanceId(detail, "instance-id");
            }
            case Event.STATE_CHANGE -> {
                Optional<String> id = instanceId(detail, "instance-id");
                if (id.isPresent()) return id;
                String state = detail.path("state").asText("");
                if (!List.of("pending", "running", "stopping", "stopped", "shutting-down", "terminated").contains(state)) {
                    return Optional.of("detail.state: '" + state + "' is not an EC2 instance state");
                }
                return Optional.empty();
            }
            case Event.TERMINATE_ACTION, Event.LAUNCH_ACTION -> {
                return lifecycleMembers(detail);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private Classified autoScaling(ObjectNode o, String raw, Instant received, boolean viaSns) {
        List<String> notes = new ArrayList<>();
        JsonNode requestId = o.get("RequestId");
        if (requestId == null || !requestId.isTextual() || requestId.asText().isEmpty()) {
            return new Classified.Rejected("Auto Scaling notification: RequestId missing (it is the event's id)");
        }
        String transition = o.path("LifecycleTransition").asText("");
        String detailType = TRANSITIONS.get(transition);
        if (detailType == null) {
            return new Classified.Rejected("Auto Scaling notification: LifecycleTransition '" + transition
                    + "' is not autoscaling:EC2_INSTANCE_TERMINATING or autoscaling:EC2_INSTANCE_LAUNCHING");
        }
        Optional<String> shape = lifecycleMembers(o);
        if (shape.isPresent()) return new Classified.Rejected("Auto Scaling notification: " + shape.get());
        Optional<Instant> time = Optional.empty();
        if (o.hasNonNull("Time")) {
            try {
                time = Optional.of(Instant.parse(o.get("Time").asText()));
            } catch (DateTimeParseException e) {
                return new Classified.Rejected("Auto Scaling notification: Time '" + o.get("Time").asText() + "' is not ISO-8601");
            }
        } else {
            notes.add("no Time member: the receive time is used");
        }
        List<String> resources = o.hasNonNull("AutoScalingGroupARN") ? List.of(o.get("AutoScalingGroupARN").asText()) : List.of();
        Optional<String> account = o.hasNonNull("AccountId") ? Optional.of(o.get("AccountId").asText()) : Optional.empty();
        return new Classified.Accepted(new Event(requestId.asText(), "aws.autoscaling", detailType, time, received,
                defaultRegion, account, resources, o, raw,
                viaSns ? Event.Envelope.SNS_ASG_NOTIFICATION : Event.Envelope.ASG_NOTIFICATION, notes));
    }

    private static Optional<String> lifecycleMembers(JsonNode d) {
        for (String m : List.of("AutoScalingGroupName", "LifecycleHookName", "LifecycleTransition")) {
            if (!d.path(m).isTextual() || d.path(m).asText().isEmpty()) return Optional.of(m + ": missing");
        }
        return instanceId(d, "EC2InstanceId");
    }

    private static Optional<String> instanceId(JsonNode detail, String member) {
        JsonNode n = detail.get(member);
        if (n == null || !n.isTextual()) return Optional.of(member + ": missing");
        if (!isInstanceId(n.asText())) {
            return Optional.of(member + ": '" + n.asText() + "' is not an instance id (i- and 8 or 17 hex digits)");
        }
        return Optional.empty();
    }

    /** {@code i-} and 8 to 17 lower-case hex digits (EC2 ids have 8 or 17); a loop: the intake's hot path. */
    static boolean isInstanceId(String s) {
        if (s.length() < 10 || s.length() > 19 || s.charAt(0) != 'i' || s.charAt(1) != '-') return false;
        for (int i = 2; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) return false;
        }
        return true;
    }

    private static Optional<String> requireText(JsonNode o, String member) {
        JsonNode n = o.get(member);
        if (n == null || n.isNull()) return Optional.of(member + ": missing");
        if (!n.isTextual() || n.asText().isEmpty()) return Optional.of(member + ": not a non-empty string");
        return Optional.empty();
    }
}
