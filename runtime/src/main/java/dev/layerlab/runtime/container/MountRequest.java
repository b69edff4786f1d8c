package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * A mount a container asks for: a named volume ({@code -v data:/data}), an anonymous one
 * ({@code -v /data}, or an image's VOLUME), or a bind of a path of the sandbox host ({@code -v /src:/dst}).
 */
public record MountRequest(Kind kind, String source, String destination, boolean readOnly) {
    public enum Kind { VOLUME, ANONYMOUS, BIND }

    public MountRequest {
        if (destination == null || !destination.startsWith("/")) {
            throw new InvalidArgumentException("invalid mount config: invalid mount path: '" + destination
                    + "' mount path must be absolute");
        }
        if (destination.equals("/")) {
            throw new InvalidArgumentException("invalid mount config: destination can't be '/'");
        }
    }

    /** Parses one {@code HostConfig.Binds} entry: {@code src:dst[:opts]}, opts a comma list of ro/rw/z/Z/nocopy. */
    public static MountRequest parseBind(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new InvalidArgumentException("invalid volume specification: '" + spec + "'");
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            for (String opt : parts[2].split(",")) {
                switch (opt) {
                    case "ro" -> readOnly = true;
                    case "rw", "z", "Z", "nocopy", "" -> { }
                    default -> throw new InvalidArgumentException("invalid mode: " + opt);
                }
            }
        }
        Kind kind = parts[0].startsWith("/") ? Kind.BIND : Kind.VOLUME;
        return new MountRequest(kind, parts[0], parts[1], readOnly);
    }

    public static MountRequest anonymous(String destination) {
        return new MountRequest(Kind.ANONYMOUS, "", destination, false);
    }
}
