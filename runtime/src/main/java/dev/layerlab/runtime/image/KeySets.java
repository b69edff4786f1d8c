package dev.layerlab.runtime.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.StdConverter;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Docker writes sets (ExposedPorts, Volumes) as objects whose values are all {@code {}}, a Go habit;
 * Java code gets a sorted set instead, and the JSON keeps Go's sorted key order.
 */
final class KeySets {
    private KeySets() {
    }

    static Map<String, JsonNode> copyOther(Map<String, JsonNode> other) {
        return other == null || other.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    static final class FromJson extends StdConverter<Map<String, Object>, Set<String>> {
        @Override
        public Set<String> convert(Map<String, Object> value) {
            return Collections.unmodifiableSortedSet(new TreeSet<>(value.keySet()));
        }
    }

    static final class ToJson extends StdConverter<Set<String>, Map<String, Map<String, Object>>> {
        @Override
        public Map<String, Map<String, Object>> convert(Set<String> value) {
            Map<String, Map<String, Object>> out = new TreeMap<>();
            value.forEach(key -> out.put(key, Map.of()));
            return out;
        }
    }
}
