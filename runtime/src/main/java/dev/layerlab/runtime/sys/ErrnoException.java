package dev.layerlab.runtime.sys;

import java.io.IOException;

/** A failed syscall, with its errno kept so callers can tell "missing" from "refused". */
public final class ErrnoException extends IOException {
    public static final int ENOENT = 2;
    public static final int EAGAIN = 11;
    public static final int EEXIST = 17;
    public static final int ENOTDIR = 20;
    public static final int ELOOP = 40;
    public static final int EXDEV = 18;

    private final int errno;

    public ErrnoException(String what, int errno) {
        super(what + ": " + LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
