package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.ByteArrayOutputStream;

/**
 * The key sequence that detaches a client from a TTY it is attached to (attach, exec), in Docker's
 * syntax: a comma list of single characters and {@code ctrl-<x>} ({@code ctrl-a} .. {@code ctrl-z},
 * {@code ctrl-@}, {@code ctrl-[}, {@code ctrl-\}, {@code ctrl-]}, {@code ctrl-^}, {@code ctrl-_}),
 * default {@code ctrl-p,ctrl-q}. One {@link Scanner} per client watches what it types: bytes that
 * might begin the sequence are held back until it is clear whether they do, as Docker's escape
 * proxy holds them.
 */
final class DetachKeys {
    static final String DEFAULT = "ctrl-p,ctrl-q";
    private static final String CTRL = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    private final byte[] sequence;

    private DetachKeys(byte[] sequence) {
        this.sequence = sequence;
    }

    /**
     * The keys a client asked for ({@code null} or empty: the default); {@code what} names them in the
     * error, as Docker's words differ between attach ("detach keys") and exec ("escape keys").
     */
    static DetachKeys parse(String keys, String what) {
        String given = keys == null || keys.isEmpty() ? DEFAULT : keys;
        ByteArrayOutputStream codes = new ByteArrayOutputStream();
        for (String key : given.split(",", -1)) {
            if (key.length() == 1) {
                codes.write(key.charAt(0));
            } else if (key.length() == 6 && key.startsWith("ctrl-") && CTRL.indexOf(key.charAt(5)) >= 0) {
                codes.write(CTRL.indexOf(key.charAt(5)));
            } else if (key.equals("DEL")) {
                codes.write(127);
            } else {
                throw new InvalidArgumentException("Invalid " + what + " (" + keys + ") provided");
            }
        }
        return new DetachKeys(codes.toByteArray());
    }

    Scanner scanner() {
        return new Scanner();
    }

    /** Watches one client's input. */
    final class Scanner {
        private int matched;
        private boolean detached;

        /**
         * The bytes of {@code data[0..length)} to pass on (held-back bytes of a sequence that did not
         * complete come first); after the sequence completes, {@link #detached()} is true and what follows
         * it is dropped, as Docker drops it.
         */
        byte[] scan(byte[] data, int length) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(length + sequence.length);
            for (int i = 0; i < length && !detached; i++) {
                byte b = data[i];
                if (b == sequence[matched]) {
                    matched++;
                    if (matched == sequence.length) {
                        detached = true;
                    }
                    continue;
                }
                if (matched > 0) {
                    out.write(sequence, 0, matched);
                    matched = 0;
                    if (b == sequence[0]) { // a sequence of two or more keys starts again here
                        matched = 1;
                        continue;
                    }
                }
                out.write(b);
            }
            return out.toByteArray();
        }

        boolean detached() {
            return detached;
        }
    }
}
