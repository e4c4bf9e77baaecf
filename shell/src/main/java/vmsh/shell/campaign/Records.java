package vmsh.shell.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON as the sweep folder holds it: one compact object per line, keys in the order written. */
final class Records {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Records() {}

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON text as plain data (maps, lists, Long, Double, String, Boolean, null). */
    static Object parse(String text) throws JsonProcessingException {
        return Values.normalize(MAPPER.readValue(text, Object.class));
    }
}
