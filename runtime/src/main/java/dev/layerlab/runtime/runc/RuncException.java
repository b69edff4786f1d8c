package dev.layerlab.runtime.runc;

import dev.layerlab.runtime.error.EngineException;

/** runc refused or failed; the message is runc's own error text. */
public class RuncException extends EngineException {
    public RuncException(String message) {
        super(message);
    }
}
