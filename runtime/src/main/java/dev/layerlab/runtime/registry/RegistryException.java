package dev.layerlab.runtime.registry;

/** A request the registry refuses, with the spec's error code and a detail saying what exactly was wrong. */
public final class RegistryException extends RuntimeException {
    private final RegistryError error;

    public RegistryException(RegistryError error, String detail) {
        super(detail);
        this.error = error;
    }

    public RegistryError error() {
        return error;
    }
}
