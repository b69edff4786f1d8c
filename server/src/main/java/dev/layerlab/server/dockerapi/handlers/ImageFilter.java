package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageReference;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The filters of {@code /images/json} and {@code /images/prune}: dangling, reference (a glob), label. */
final class ImageFilter {
    private static final Set<String> KNOWN = Set.of("dangling", "reference", "label");

    private final Filters filters;

    ImageFilter(Filters filters) {
        for (String key : filters.keys()) {
            if (!KNOWN.contains(key)) {
                throw new InvalidArgumentException("invalid filter '" + key + "'");
            }
        }
        for (String v : filters.get("dangling")) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false") && !v.equals("1") && !v.equals("0")) {
                throw new InvalidArgumentException("invalid filter 'dangling=" + v + "'");
            }
        }
        this.filters = filters;
    }

    /** The dangling filter's value, or null when not given. */
    Boolean dangling() {
        if (!filters.has("dangling")) {
            return null;
        }
        return filters.get("dangling").stream().anyMatch(v -> v.equalsIgnoreCase("true") || v.equals("1"));
    }

    boolean matches(Image image) {
        Boolean dangling = dangling();
        if (dangling != null && dangling != image.dangling()) {
            return false;
        }
        if (filters.has("reference") && image.references().stream().noneMatch(this::referenceMatches)) {
            return false;
        }
        return filters.get("label").stream().allMatch(l -> labelMatches(ImageJson.labels(image), l));
    }

    /** Only the label part: prune has no reference filter, and decides on dangling itself. */
    static boolean labelsMatch(ImageFilter f, Image image) {
        return f.filters.get("label").stream().allMatch(l -> labelMatches(ImageJson.labels(image), l));
    }

    /** Docker matches the glob against the familiar name and the familiar name:tag. */
    boolean referenceMatches(ImageReference ref) {
        if (!filters.has("reference")) {
            return true;
        }
        return filters.get("reference").stream().map(ImageFilter::glob)
                .anyMatch(p -> p.matcher(ref.familiarName()).matches() || p.matcher(ref.familiarString()).matches());
    }

    static boolean labelMatches(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }

    /** Go's path.Match: {@code *} and {@code ?} stay within one path segment. */
    private static Pattern glob(String g) {
        StringBuilder re = new StringBuilder();
        for (char c : g.toCharArray()) {
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
