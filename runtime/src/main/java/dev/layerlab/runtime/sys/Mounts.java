package dev.layerlab.runtime.sys;

import com.sun.jna.LastErrorException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** mount(2) and umount2(2) for overlay snapshots and bind mounts. */
public final class Mounts {
    private static final int MNT_DETACH = 2;
    private static final int EINVAL = 22;
    private static final int ENOENT = 2;

    private Mounts() {
    }

    /** Mounts overlayfs at {@code target} with {@code lowers} (top-most first) under one writable upper. */
    public static void overlay(List<Path> lowers, Path upper, Path work, Path target) throws IOException {
        String lowerdir = lowers.stream().map(Path::toString).collect(Collectors.joining(":"));
        String options = "lowerdir=" + lowerdir + ",upperdir=" + upper + ",workdir=" + work + ",index=off";
        mount("overlay", target, "overlay", 0, options);
    }

    /** Mounts a read-only overlay view of {@code lowers} only (needs at least two layers). */
    public static void overlayReadOnly(List<Path> lowers, Path target) throws IOException {
        String lowerdir = lowers.stream().map(Path::toString).collect(Collectors.joining(":"));
        mount("overlay", target, "overlay", 1 /* MS_RDONLY */, "lowerdir=" + lowerdir);
    }

    public static void mount(String source, Path target, String type, long flags, String options) throws IOException {
        if (options != null && options.length() >= 4096) {
            throw new IOException("mount options for " + target + " exceed one page (" + options.length() + " bytes)");
        }
        try {
            LibC.INSTANCE.mount(source, target.toString(), type, flags, options);
        } catch (LastErrorException e) {
            throw new IOException("mount " + type + " at " + target + ": " + Syscalls.describe(e));
        }
    }

    /** Unmounts {@code target} if it is mounted (lazily, so a busy mount still goes away). */
    public static void unmountIfMounted(Path target) throws IOException {
        try {
            LibC.INSTANCE.umount2(target.toString(), MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != EINVAL && e.getErrorCode() != ENOENT) {
                throw new IOException("umount " + target + ": " + Syscalls.describe(e));
            }
        }
    }

    /** Unmounts {@code target} at once (not lazily): fails, e.g. with EBUSY, if something still uses it. */
    public static void unmountNow(Path target) throws IOException {
        try {
            LibC.INSTANCE.umount2(target.toString(), 0);
        } catch (LastErrorException e) {
            throw new IOException("umount " + target + ": " + Syscalls.describe(e));
        }
    }

    /**
     * Every mount point at or below {@code dir} per /proc/self/mountinfo, deepest first (so unmounting in
     * this order never meets a mount with another still on top); a mount point stacked twice is listed twice.
     */
    public static List<Path> mountPointsUnder(Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        List<Path> found = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4) {
                Path p = Path.of(unescape(f[4]));
                if (p.startsWith(base)) {
                    found.add(p);
                }
            }
        }
        java.util.Collections.reverse(found); // mountinfo lists parents before what is mounted on them
        found.sort(java.util.Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    /** True if some mount's target is {@code target}, per /proc/self/mountinfo. */
    public static boolean isMountPoint(Path target) throws IOException {
        String wanted = target.toAbsolutePath().normalize().toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && unescape(f[4]).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static String unescape(String s) {
        return s.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\");
    }
}
