package dev.layerlab.server.dockerapi;

import dev.layerlab.runtime.error.InvalidArgumentException;

/** A Docker Engine API version such as 1.41, ordered numerically (1.9 &lt; 1.41). */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    public static final ApiVersion V1_24 = new ApiVersion(1, 24);
    public static final ApiVersion V1_42 = new ApiVersion(1, 42);
    public static final ApiVersion V1_44 = new ApiVersion(1, 44);

    public static ApiVersion parse(String s) {
        String[] parts = s.split("\\.", -1);
        try {
            if (parts.length == 2) {
                return new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // fall through to the common error
        }
        throw new InvalidArgumentException("invalid API version " + s);
    }

    public boolean isBefore(ApiVersion other) {
        return compareTo(other) < 0;
    }

    public boolean isAtLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
