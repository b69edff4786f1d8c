package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.error.InvalidArgumentException;

/** A malformed tar structure, as opposed to a well-formed entry that is refused; the reader adds where it was. */
final class CorruptTarException extends InvalidArgumentException {
    CorruptTarException(String what) {
        super("corrupt layer tar: " + what);
    }

    CorruptTarException(String message, Throwable cause) {
        super(message, cause);
    }
}
