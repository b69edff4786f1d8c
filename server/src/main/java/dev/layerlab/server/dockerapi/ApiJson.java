package dev.layerlab.server.dockerapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.layerlab.runtime.io.Json;

import java.util.Map;

/**
 * JSON for the Docker API: the engine's mapper, except that null fields are written. Go marshals a
 * nil field as {@code null} unless it says omitempty, and clients rely on keys such as
 * {@code "Error":null} in {@code /wait} being present; a handler that wants a key absent leaves it
 * out of its map.
 */
final class ApiJson {
    static final ObjectMapper MAPPER = Json.MAPPER.copy().setSerializationInclusion(JsonInclude.Include.ALWAYS);

    private ApiJson() {
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot serialise response " + value.getClass().getName(), e);
        }
    }

    static byte[] error(String message) {
        return bytes(Map.of("message", message == null ? "" : message));
    }
}
