package dev.layerlab.runtime.error;

/** A sandbox's disk quota is used up: what was asked would write beyond it (the server answers 507). */
public class DiskQuotaException extends EngineException {
    public DiskQuotaException(String message) {
        super(message);
    }
}
