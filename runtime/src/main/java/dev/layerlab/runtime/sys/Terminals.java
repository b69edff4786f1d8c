package dev.layerlab.runtime.sys;

import com.sun.jna.LastErrorException;

/** Window size of a pty master. */
public final class Terminals {
    private static final long TIOCSWINSZ = 0x5414;

    private Terminals() {
    }

    public static void resize(Fd master, int rows, int cols) {
        LibC.WinSize size = new LibC.WinSize();
        size.ws_row = (short) rows;
        size.ws_col = (short) cols;
        try {
            LibC.INSTANCE.ioctl(master.number(), TIOCSWINSZ, size);
        } catch (LastErrorException e) {
            throw new IllegalStateException("resize terminal: " + Syscalls.describe(e));
        }
    }
}
