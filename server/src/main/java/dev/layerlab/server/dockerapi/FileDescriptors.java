package dev.layerlab.server.dockerapi;

import com.sun.management.UnixOperatingSystemMXBean;

import java.lang.management.ManagementFactory;

/**
 * The server's own open-file budget. The JVM raises its soft RLIMIT_NOFILE to the hard limit at start
 * (HotSpot's MaxFDLimit, on by default on Linux), so the maximum read here is the hard limit.
 */
final class FileDescriptors {
    private static final UnixOperatingSystemMXBean OS = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private FileDescriptors() {
    }

    /** True when fewer than {@code reserve} descriptors are left (one listing of /proc/self/fd). */
    static boolean fewerLeftThan(int reserve) {
        return OS.getOpenFileDescriptorCount() > OS.getMaxFileDescriptorCount() - reserve;
    }
}
