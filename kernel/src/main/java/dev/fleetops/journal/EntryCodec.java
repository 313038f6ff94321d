package dev.fleetops.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.fleetops.json.Json;

import java.util.Map;

/** Entries as stored: a type name and the record as JSON (fleetops' one Jackson configuration). */
final class EntryCodec {

    private static final Map<String, Class<? extends Entry>> TYPES = Map.of(
            "started", Entry.Started.class, "attempt", Entry.AttemptStarted.class, "intent", Entry.StepIntent.class, "result", Entry.StepResult.class,
            "signal", Entry.SignalReceived.class, "ended", Entry.Ended.class);

    private EntryCodec() { }

    static String encode(Entry entry) {
        return Json.compact(entry);
    }

    static Entry decode(String where, String type, String body) {
        Class<? extends Entry> c = TYPES.get(type);
        if (c == null) {
            throw new StoreException(where + ": unknown entry type '" + type + "' (expected one of " + TYPES.keySet().stream().sorted().toList()
                    + "; was it written by a newer fleetops?)");
        }
        try {
            return Json.MAPPER.readValue(body, c);
        } catch (JsonProcessingException e) {
            throw new StoreException(where + ": entry of type '" + type + "' is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
