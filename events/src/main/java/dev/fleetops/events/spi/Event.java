package dev.fleetops.events.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One event as fleetops handles it: the EventBridge envelope, whatever way it arrived. A raw Auto Scaling
 * lifecycle notification is normalized to the EventBridge shape (source aws.autoscaling, detail-type "EC2
 * Instance-terminate Lifecycle Action", detail = its fields, id = its RequestId) so rules and handlers see one
 * shape; {@link #raw} keeps the message body as received.
 *
 * @param time     the event time; empty when the event carries none or the AWS sample's placeholder
 *                 ("yyyy-mm-ddThh:mm:ssZ"), see {@link #notes}
 * @param received when fleetops received it (the scheduler's now)
 * @param account  moto and the raw ASG test message may omit it
 * @param envelope how it arrived
 * @param notes    what the classifier tolerated (placeholders, missing version), for records
 */
public record Event(
        String id,
        String source,
        String detailType,
        Optional<Instant> time,
        Instant received,
        String region,
        Optional<String> account,
        List<String> resources,
        JsonNode detail,
        String raw,
        Envelope envelope,
        List<String> notes) {

    /** How the event reached fleetops. */
    public enum Envelope { EVENTBRIDGE, SNS_EVENTBRIDGE, ASG_NOTIFICATION, SNS_ASG_NOTIFICATION }

    public static final String SPOT_WARNING = "EC2 Spot Instance Interruption Warning";
    public static final String REBALANCE = "EC2 Instance Rebalance Recommendation";
    public static final String STATE_CHANGE = "EC2 Instance State-change Notification";
    public static final String TERMINATE_ACTION = "EC2 Instance-terminate Lifecycle Action";
    public static final String LAUNCH_ACTION = "EC2 Instance-launch Lifecycle Action";
    public static final String HEALTH = "AWS Health Event";
    /** The Spot interruption notice (EC2UG spot-instance-termination-notices). */
    public static final java.time.Duration SPOT_NOTICE = java.time.Duration.ofMinutes(2);

    public Event {
        resources = List.copyOf(resources);
        notes = List.copyOf(notes);
    }

    /**
     * The instance the event is about: {@code detail.instance-id} (EC2 events), {@code detail.EC2InstanceId}
     * (Auto Scaling), or the first {@code detail.affectedEntities[].entityValue} that is an instance id (Health).
     * Never parsed from the resources ARN (its format differs between sources).
     */
    public Optional<String> instanceId() {
        String ec2 = detail.path("instance-id").asText("");
        if (!ec2.isEmpty()) return Optional.of(ec2);
        String asg = detail.path("EC2InstanceId").asText("");
        if (!asg.isEmpty()) return Optional.of(asg);
        for (JsonNode e : detail.path("affectedEntities")) {
            String v = e.path("entityValue").asText("");
            if (v.startsWith("i-")) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** A detail member as text, if present and not null. */
    public Optional<String> detailText(String member) {
        JsonNode n = detail.get(member);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n.asText());
    }

    /** The event time, or when it was received if it carries none. */
    public Instant timeOrReceived() {
        return time.orElse(received);
    }

    /**
     * When the event's window closes, if it has one: a Spot warning gives two minutes from its time (the receive
     * time when the time is unknown); with {@code hibernate} there is no lead, the deadline is the event time. An
     * AWS Health scheduled change closes at its {@code detail.startTime}.
     */
    public Optional<Instant> deadline() {
        if (HEALTH.equals(detailType)) return scheduledStart();
        if (!SPOT_WARNING.equals(detailType)) return Optional.empty();
        if ("hibernate".equals(detail.path("instance-action").asText())) return Optional.of(timeOrReceived());
        return Optional.of(timeOrReceived().plus(SPOT_NOTICE));
    }

    /**
     * An AWS Health scheduled change's {@code detail.startTime}, in the RFC 1123 form Health sends ("Sat, 05 Jun
     * 2016 15:10:09 GMT"; AWS Health User Guide, "AWS Health events in EventBridge"), or ISO-8601; empty when it is
     * missing or neither.
     */
    public Optional<Instant> scheduledStart() {
        String text = detail.path("startTime").asText("").trim();
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(java.time.ZonedDateTime.parse(text, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (java.time.format.DateTimeParseException notRfc1123) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (java.time.format.DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }

    /** The EventBridge JSON of this event (what rules match and JSONPath reads). */
    public ObjectNode envelopeJson() {
        ObjectNode o = Json.object();
        o.put("version", "0");
        o.put("id", id);
        o.put("detail-type", detailType);
        o.put("source", source);
        account.ifPresent(a -> o.put("account", a));
        o.put("time", time.map(Instant::toString).orElse(received.toString()));
        o.put("region", region);
        ArrayNode r = o.putArray("resources");
        resources.forEach(r::add);
        o.set("detail", detail);
        return o;
    }
}
