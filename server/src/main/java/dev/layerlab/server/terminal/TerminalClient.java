package dev.layerlab.server.terminal;

/**
 * Someone watching a {@link Terminal} (a WebSocket connection, a test). Called with the terminal's
 * lock held, in output order: implementations must hand the bytes off without blocking.
 */
public interface TerminalClient {
    /** Raw terminal output (never modified, possibly ending inside a UTF-8 character); false to be detached. */
    boolean output(byte[] data);

    /** The shell exited with {@code code}; nothing follows. */
    void exited(int code);
}
