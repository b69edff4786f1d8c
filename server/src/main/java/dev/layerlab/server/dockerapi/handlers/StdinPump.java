package dev.layerlab.server.dockerapi.handlers;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Copies what a hijacked client types into a process's stdin, on a virtual thread. End of input is
 * the client's half-close (stdin closed), not its departure: output keeps flowing after it. With a
 * {@link DetachKeys.Scanner} (a TTY, as Docker watches only TTY input) the detach sequence is not
 * passed on but ends the copy with {@link Target#detach()}.
 */
final class StdinPump {
    interface Target {
        boolean write(byte[] data, int length);

        /** The client's input ended (its half-close, or the connection went away). */
        void close();

        /** The client typed the detach keys. */
        void detach();
    }

    private StdinPump() {
    }

    /** {@code detachKeys} null: nothing detaches. */
    static Thread start(InputStream in, DetachKeys detachKeys, Target target) {
        DetachKeys.Scanner scanner = detachKeys == null ? null : detachKeys.scanner();
        return Thread.ofVirtual().name("stdin-pump").start(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    byte[] data = scanner == null ? Arrays.copyOf(buf, n) : scanner.scan(buf, n);
                    if (data.length > 0) {
                        target.write(data, data.length);
                    }
                    if (scanner != null && scanner.detached()) {
                        target.detach();
                        return;
                    }
                }
            } catch (IOException e) {
                // the connection went away: stdin ends just the same
            }
            target.close();
        });
    }
}
