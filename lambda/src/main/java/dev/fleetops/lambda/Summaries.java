package dev.fleetops.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fleetops.events.MessageFate;
import dev.fleetops.events.spi.HandlerRecord;
import dev.fleetops.json.Json;

/** What an invocation returns and logs about one message: its disposition and the handler records. */
final class Summaries {

    private Summaries() { }

    static ObjectNode of(MessageFate o) {
        ObjectNode s = Json.object();
        s.put("Disposition", o.disposition().name());
        if (o instanceof MessageFate.Handled h) {
            s.put("EventId", h.event().id());
            ArrayNode records = s.putArray("Records");
            for (HandlerRecord r : h.records()) records.add(Json.tree(r));
        } else if (o instanceof MessageFate.Unmatched u) {
            s.put("EventId", u.event().id());
            s.put("Reason", "no rule matched");
        } else if (o instanceof MessageFate.Acknowledged a) {
            s.put("Reason", a.reason());
        } else if (o instanceof MessageFate.Rejected r) {
            s.put("Reason", r.reason());
        }
        return s;
    }
}
