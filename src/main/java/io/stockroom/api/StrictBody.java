package io.stockroom.api;

import io.stockroom.ErrorCode;
import io.stockroom.StockroomException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JSON body read into a record with every field it does not know refused, with a message that lists the fields. The
 * API's mapper refuses unknown fields too ({@code spring.jackson.deserialization.fail-on-unknown-properties}); this
 * reads the bodies where a dropped field would change what is granted (a token request with {@code "store"} for
 * {@code "stores"} made a token for the whole chain) and the simulation's, whose nested settings it checks by name.
 */
final class StrictBody {

    private StrictBody() {}

    static <T extends Record> T read(JsonMapper json, JsonNode body, Class<T> type, String operation) {
        if (body == null || !body.isObject()) {
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Send a JSON object with the fields " + String.join(", ", fields(type)) + " as the body of "
                            + operation + " (/api/docs shows them).");
        }
        refuseUnknownFields(body, type, operation, "");
        try {
            return json.treeToValue(body, type);
        } catch (JacksonException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            throw new StockroomException(
                    ErrorCode.BAD_PARAMETER,
                    "Parameter '" + field + "' has a value of the wrong type or out of range; check it against the "
                            + "API documentation (/api/docs).");
        }
    }

    /** Refuses a field of {@code node} that {@code type} has no component for ({@code prefix} names a nested object). */
    static void refuseUnknownFields(JsonNode node, Class<? extends Record> type, String operation, String prefix) {
        List<String> known = fields(type);
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                throw new StockroomException(
                        ErrorCode.BAD_PARAMETER,
                        "Parameter '" + prefix + name + "' is not a field of " + operation + "; its fields"
                                + (prefix.isEmpty() ? "" : " of " + prefix.substring(0, prefix.length() - 1))
                                + " are " + String.join(", ", known)
                                + ". A field it does not know is refused, not ignored.");
            }
        }
    }

    /** The JSON names of a record's components: expiresAt is expires_at, as the API writes every field. */
    static List<String> fields(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT))
                .toList();
    }
}
