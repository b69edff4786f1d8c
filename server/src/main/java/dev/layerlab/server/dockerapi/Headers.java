package dev.layerlab.server.dockerapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Request headers: names compare case-insensitively, repeated headers keep every value in order. */
public final class Headers {
    private final Map<String, List<String>> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

    /** Only the request parser fills headers; handlers read them. */
    Headers() {
    }

    void add(String name, String value) {
        values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    /** The first value of {@code name}, or null when absent. An empty header ({@code Host:}) is "". */
    public String first(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    public List<String> all(String name) {
        List<String> v = values.get(name);
        return v == null ? List.of() : Collections.unmodifiableList(v);
    }

    public boolean contains(String name) {
        return values.containsKey(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /** True when a comma-separated header such as {@code Connection} lists {@code token}. */
    boolean hasToken(String name, String token) {
        for (String value : all(name)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
