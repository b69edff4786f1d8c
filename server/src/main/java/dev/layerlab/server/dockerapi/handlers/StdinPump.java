package dev.layerlab.server.dockerapi.handlers;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Copies what a hijacked client types into a process's stdin, on a virtual thread. End of input is
 * the client's half-close (stdin closed), not its departure: output keeps flowing after it.
 */
final class StdinPump {
    interface Target {
        boolean write(byte[] data, int length);

        void close();
    }

    private StdinPump() {
    }

    static Thread start(InputStream in, Target target) {
        return Thread.ofVirtual().name("stdin-pump").start(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n > 0) {
                        target.write(Arrays.copyOf(buf, n), n);
                    }
                }
            } catch (IOException e) {
                // the connection went away: stdin ends just the same
            } finally {
                target.close();
            }
        });
    }
}
