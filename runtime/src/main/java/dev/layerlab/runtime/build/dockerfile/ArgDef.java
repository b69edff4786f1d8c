package dev.layerlab.runtime.build.dockerfile;

/** One ARG: a name and its default as written (quotes kept), or null when it has none. */
public record ArgDef(String name, String defaultValue) {
}
