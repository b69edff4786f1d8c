package dev.layerlab.server.dockerapi;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query string, decoded like Go's {@code url.ParseQuery} ({@code +} is a space, repeated keys
 * keep every value in order), with Docker's readings of booleans and integers.
 */
public final class QueryParams {
    private final Map<String, List<String>> values;

    private QueryParams(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Parses a raw query (without the {@code ?}); a bad percent escape is the client's error (400). */
    public static QueryParams parse(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParams(values);
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid URL escape in query: " + s);
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** The first value, or null when the key is absent ({@code ?a} and {@code ?a=} give ""). */
    public String string(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(0);
    }

    public String string(String name, String defaultValue) {
        String v = string(name);
        return v == null ? defaultValue : v;
    }

    public List<String> all(String name) {
        return Collections.unmodifiableList(values.getOrDefault(name, List.of()));
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(values.keySet());
    }

    /**
     * Docker's {@code httputils.BoolValue}: absent, "", "0", "no", "false" and "none" (any case) are
     * false and everything else is true, so {@code 1}, {@code true} and {@code True} all work.
     */
    public boolean bool(String name) {
        String v = string(name);
        if (v == null) {
            return false;
        }
        String s = v.strip().toLowerCase(java.util.Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /** Like {@link #bool(String)}, but an absent or empty value gives {@code defaultValue}. */
    public boolean bool(String name, boolean defaultValue) {
        String v = string(name);
        return v == null || v.isEmpty() ? defaultValue : bool(name);
    }

    /** An integer; absent or empty gives {@code defaultValue}, anything unparsable is a 400. */
    public int integer(String name, int defaultValue) {
        String v = string(name);
        if (v == null || v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("invalid value for " + name + ": " + v);
        }
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
