package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code filters} query parameter: {@code {"status":{"exited":true}}}, or the older
 * {@code {"status":["exited"]}}. A key may hold several values (any of them matches).
 */
public final class Filters {
    private final Map<String, Set<String>> values;

    private Filters(Map<String, Set<String>> values) {
        this.values = values;
    }

    public static Filters parse(String json) {
        Map<String, Set<String>> values = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return new Filters(values);
        }
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Set<String> set = values.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>());
                if (e.getValue().isArray()) {
                    e.getValue().forEach(v -> set.add(v.asText()));
                } else {
                    e.getValue().fieldNames().forEachRemaining(set::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidArgumentException("invalid filter '" + json + "'");
        }
        return new Filters(values);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Set<String> get(String key) {
        return values.getOrDefault(key, Set.of());
    }

    /** True when the key is absent or {@code value} is one of its values. */
    public boolean allows(String key, String value) {
        return !values.containsKey(key) || values.get(key).contains(value);
    }

    public Set<String> keys() {
        return values.keySet();
    }
}
