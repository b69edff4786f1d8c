package dev.layerlab.runtime.registry;

import java.util.regex.Pattern;

/**
 * A repository name as the distribution spec allows it: lowercase path components separated by {@code /},
 * each {@code [a-z0-9]+} joined by {@code .}, {@code _}, {@code __} or dashes, at most 255 characters. No
 * component can be empty, {@code .} or {@code ..}, so a name never climbs out of its namespace. The first
 * component is the namespace: the learner's registry name, who alone may push under it.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
    private static final Pattern NAME = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");
    public static final int MAX_LENGTH = 255;

    public RepositoryName {
        if (value == null || value.length() > MAX_LENGTH || !NAME.matcher(value).matches()) {
            throw new RegistryException(RegistryError.NAME_INVALID, "invalid repository name: "
                    + (value == null ? "(none)" : value.length() > 80 ? value.substring(0, 80) + "..." : value));
        }
    }

    /** True for a name that {@link #RepositoryName} accepts. */
    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && NAME.matcher(value).matches();
    }

    /** The first component: {@code alice} of {@code alice/app}. */
    public String namespace() {
        int slash = value.indexOf('/');
        return slash < 0 ? value : value.substring(0, slash);
    }

    @Override
    public int compareTo(RepositoryName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
