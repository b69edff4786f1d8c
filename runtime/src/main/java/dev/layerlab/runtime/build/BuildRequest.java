package dev.layerlab.runtime.build;

import java.util.List;
import java.util.Map;

/**
 * What {@code docker build} asked for (the legacy builder's query parameters).
 *
 * @param dockerfile   the Dockerfile's path in the context ({@code -f}), "Dockerfile" by default
 * @param tags         names for the result ({@code -t}, several allowed)
 * @param buildArgs    {@code --build-arg} values; a null value means "take it from the client's environment",
 *                     which the CLI has already done, so it counts as unset
 * @param target       the stage to stop at ({@code --target}), or null for the last
 * @param noCache      {@code --no-cache}
 * @param labels       {@code --label}s, set on the final image by an extra LABEL step as Docker does
 * @param quiet        {@code -q}: only the image ID is written
 * @param removeIntermediate remove RUN containers after a successful step ({@code --rm}, default true)
 * @param forceRemove  remove them even when the step fails ({@code --force-rm})
 * @param extraHosts   {@code --add-host name:ip} lines for the RUN containers' /etc/hosts
 */
public record BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs, String target,
                           boolean noCache, Map<String, String> labels, boolean quiet, boolean removeIntermediate,
                           boolean forceRemove, List<String> extraHosts) {
    public BuildRequest(String dockerfile, List<String> tags, Map<String, String> buildArgs, String target,
                        boolean noCache, Map<String, String> labels, boolean quiet, boolean removeIntermediate,
                        boolean forceRemove) {
        this(dockerfile, tags, buildArgs, target, noCache, labels, quiet, removeIntermediate, forceRemove, List.of());
    }

    public BuildRequest {
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
        dockerfile = dockerfile == null || dockerfile.isEmpty() ? "Dockerfile" : dockerfile;
        tags = List.copyOf(tags);
        buildArgs = buildArgs == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(buildArgs));
        target = target == null || target.isEmpty() ? null : target;
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(labels));
    }

    /** A plain build of the context's Dockerfile, tagged with {@code tags}. */
    public static BuildRequest tagged(String... tags) {
        return new BuildRequest(null, List.of(tags), Map.of(), null, false, Map.of(), false, true, false);
    }

    public BuildRequest withBuildArgs(Map<String, String> args) {
        return new BuildRequest(dockerfile, tags, args, target, noCache, labels, quiet, removeIntermediate, forceRemove, extraHosts);
    }

    public BuildRequest withTarget(String stage) {
        return new BuildRequest(dockerfile, tags, buildArgs, stage, noCache, labels, quiet, removeIntermediate, forceRemove, extraHosts);
    }

    public BuildRequest withNoCache(boolean no) {
        return new BuildRequest(dockerfile, tags, buildArgs, target, no, labels, quiet, removeIntermediate, forceRemove, extraHosts);
    }
}
