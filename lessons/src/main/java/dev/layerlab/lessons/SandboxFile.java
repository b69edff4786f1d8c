package dev.layerlab.lessons;

/** A file a step places into the sandbox host; {@link #path} is relative to /root. */
public record SandboxFile(String path, String content) {
}
