package dev.layerlab.runtime.image;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The config's {@code config} object: what a container of this image runs with unless told otherwise.
 * Keys are capitalised as Docker writes them. Keys not modelled here (Docker's Hostname, AttachStdin...)
 * are kept in {@code other} and written back, so a config derived from a parent loses nothing.
 */
@JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
        "StopSignal", "ArgsEscaped", "Healthcheck", "OnBuild", "Shell"})
public record ContainerDefaults(
        @JsonProperty("User") String user,
        @JsonProperty("ExposedPorts")
        @JsonSerialize(converter = KeySets.ToJson.class) @JsonDeserialize(converter = KeySets.FromJson.class)
        Set<String> exposedPorts,
        @JsonProperty("Env") List<String> env,
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonProperty("Cmd") List<String> cmd,
        @JsonProperty("Volumes")
        @JsonSerialize(converter = KeySets.ToJson.class) @JsonDeserialize(converter = KeySets.FromJson.class)
        Set<String> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("StopSignal") String stopSignal,
        @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Healthcheck") JsonNode healthcheck,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Shell") List<String> shell,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> other) {

    public ContainerDefaults {
        other = KeySets.copyOther(other);
    }

    /** Nothing set: the defaults of an image built {@code FROM scratch}. */
    public static ContainerDefaults empty() {
        return new ContainerDefaults(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
