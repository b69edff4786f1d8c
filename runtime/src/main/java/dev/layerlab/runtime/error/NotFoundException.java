package dev.layerlab.runtime.error;

/** The named object (image, container, exec, layer, blob) does not exist. */
public class NotFoundException extends EngineException {
    public NotFoundException(String message) {
        super(message);
    }
}
