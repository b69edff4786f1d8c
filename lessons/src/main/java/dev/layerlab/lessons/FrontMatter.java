package dev.layerlab.lessons;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The block between the first two {@code ---} lines of a lesson file: one {@code key: value} a line,
 * every key of {@link #KEYS} exactly once.
 */
record FrontMatter(Map<String, String> values, int lines) {
    static final Set<String> KEYS = Set.of("id", "order", "title", "summary", "seed");

    static FrontMatter parse(String file, List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).equals("---")) {
            throw new LessonFormatException(file, 1, "a lesson file starts with front matter: a line '---', "
                    + "then " + KEYS + " as 'key: value' lines, then '---'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("---")) {
                for (String key : KEYS) {
                    if (!values.containsKey(key)) {
                        throw new LessonFormatException(file, i + 1, "front matter lacks '" + key + ":'");
                    }
                }
                return new FrontMatter(values, i + 1);
            }
            int colon = line.indexOf(':');
            String key = colon < 0 ? "" : line.substring(0, colon).trim();
            if (!KEYS.contains(key)) {
                throw new LessonFormatException(file, i + 1, "front matter lines are 'key: value' with a key of "
                        + KEYS + ", not: " + line);
            }
            String value = line.substring(colon + 1).trim();
            if (value.isEmpty() || values.put(key, value) != null) {
                throw new LessonFormatException(file, i + 1, "'" + key + "' must have a value and appear once");
            }
        }
        throw new LessonFormatException(file, lines.size(), "front matter is not closed by a line '---'");
    }

    int order(String file) {
        try {
            return Integer.parseInt(values.get("order"));
        } catch (NumberFormatException e) {
            throw new LessonFormatException(file, 1, "order must be a number: " + values.get("order"));
        }
    }
}
