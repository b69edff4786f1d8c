package dev.layerlab.runtime.fs;

import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.PathCalls;

import java.io.IOException;

/**
 * A bind mount made from descriptors with the kernel's mount API: {@code open_tree} clones exactly
 * the file or directory a {@link PathFd} holds (not its submounts), {@code move_mount} attaches the
 * clone onto another {@link PathFd}. No path is looked up, so nothing can be swapped in between.
 * The descriptor stays the mount's handle after attaching, for {@link #makeReadOnly()}.
 */
public final class FdMount implements AutoCloseable {
    private final int fd;

    private FdMount(int fd) {
        this.fd = fd;
    }

    /** A detached, private clone of {@code source}. */
    public static FdMount cloneOf(PathFd source) throws IOException {
        FdMount m = new FdMount(PathCalls.openTreeClone(source.number()));
        try {
            PathCalls.setMountAttributes(m.fd, 0, 0, PathCalls.MS_PRIVATE);
        } catch (IOException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** Attaches this mount on {@code target} (a directory for a directory, a file for a file). */
    public void attachAt(PathFd target) throws IOException {
        PathCalls.moveMount(fd, target.number());
    }

    /**
     * Makes this detached clone show owners through the user namespace {@code usernsFd}: an id k on
     * disk appears as whatever k maps to outside that namespace, and writes map back.
     */
    public void idmap(int usernsFd) throws IOException {
        PathCalls.setMountAttributes(fd, PathCalls.MOUNT_ATTR_IDMAP, 0, 0, usernsFd);
    }

    /** {@code /proc/self/fd/N} of this mount, for a call that takes a path (overlay's layer options). */
    public String procPath() {
        return "/proc/self/fd/" + fd;
    }

    /** The mount's id (as /proc/self/mountinfo and {@link PathFd#mountId()} give it). */
    public long mountId() throws IOException {
        return PathFd.mountIdOf(fd);
    }

    /** Makes this mount (not the ones below it) read-only. */
    public void makeReadOnly() throws IOException {
        PathCalls.setMountAttributes(fd, PathCalls.MOUNT_ATTR_RDONLY, 0, 0);
    }

    @Override
    public void close() {
        try {
            LibC.INSTANCE.close(fd);
        } catch (com.sun.jna.LastErrorException ignored) {
            // a detached clone that was never attached goes away with its last descriptor
        }
    }
}
