package dev.layerlab.runtime.build.dockerfile;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * A Dockerfile that cannot be parsed, or a word that cannot be expanded. The message is the text
 * Docker 20.10's daemon (legacy builder, vendoring buildkit v0.8) returns for the same input; see
 * {@link Dockerfile#parse(String, String)} for the prefixes.
 */
public final class DockerfileException extends InvalidArgumentException {
    public DockerfileException(String message) {
        super(message);
    }
}
