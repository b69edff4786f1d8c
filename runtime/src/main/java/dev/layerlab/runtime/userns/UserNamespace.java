package dev.layerlab.runtime.userns;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.sys.Fd;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One sandbox's user namespace, kept alive by a bind mount of it at {@link #file()} (runc joins it
 * by that path; idmapped mounts take a descriptor of it). Uid and gid 0..65535 inside are its
 * {@link IdRange} outside. It is born with a network namespace of its own, owned by it (the sandbox's
 * network: the kernel lets a namespace's root mount sysfs, bind low ports and ping only in a network
 * namespace its user namespace owns), which the caller adopts while {@link Birth} is open.
 *
 * <p>The JVM cannot enter a new user namespace itself (a multi-threaded process may not), so a
 * helper process, {@code unshare --user --net sleep}, makes both; the engine writes the id maps as
 * the real root, binds the namespaces and ends the helper.
 */
public final class UserNamespace implements AutoCloseable {
    private static final long MS_BIND = 4096;
    private static final int MNT_DETACH = 2;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    private final Path file;
    private final IdRange range;

    private UserNamespace(Path file, IdRange range) {
        this.file = file;
        this.range = range;
    }

    /** A helper process in a new user and network namespace, with {@code range} mapped. */
    public static Birth begin(IdRange range) throws IOException {
        Process helper = new ProcessBuilder("unshare", "--user", "--net", "--", "sleep", "infinity")
                .redirectErrorStream(true).start();
        try {
            Path proc = Path.of("/proc", Long.toString(helper.pid()));
            awaitOwnNamespace(helper, proc);
            Files.writeString(proc.resolve("uid_map"), range.mapLine());
            Files.writeString(proc.resolve("gid_map"), range.mapLine());
            return new Birth(helper, proc, range);
        } catch (IOException | RuntimeException e) {
            helper.destroyForcibly();
            throw e;
        }
    }

    /** The new namespaces while their helper lives: keep the user namespace, adopt the network one. */
    public static final class Birth implements AutoCloseable {
        private final Process helper;
        private final Path proc;
        private final IdRange range;

        private Birth(Process helper, Path proc, IdRange range) {
            this.helper = helper;
            this.proc = proc;
            this.range = range;
        }

        /** The helper's network namespace (owned by the new user namespace), to bind under a name. */
        public Path networkNamespace() {
            return proc.resolve("ns/net");
        }

        /** Binds the user namespace at {@code file}, which then keeps it alive. */
        public UserNamespace keepAt(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                LibC.INSTANCE.mount(proc.resolve("ns/user").toString(), file.toString(), "none", MS_BIND, null);
            } catch (LastErrorException e) {
                Files.deleteIfExists(file);
                throw new EngineException("cannot keep the user namespace at " + file + ": " + Syscalls.describe(e));
            }
            return new UserNamespace(file, range);
        }

        @Override
        public void close() {
            helper.destroyForcibly();
            try {
                helper.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The bind mount of the namespace: runc's {@code linux.namespaces[user].path}. */
    public Path file() {
        return file;
    }

    public IdRange range() {
        return range;
    }

    /** A descriptor of the namespace (for {@code mount_setattr(MOUNT_ATTR_IDMAP)}); the caller closes it. */
    public Fd open() {
        try {
            return new Fd(LibC.INSTANCE.open(file.toString(), O_RDONLY_CLOEXEC));
        } catch (LastErrorException e) {
            throw new EngineException("cannot open the user namespace " + file + ": " + Syscalls.describe(e));
        }
    }

    /** Unbinds the namespace; it ends when nothing (a process, a mount) uses it any more. Idempotent. */
    @Override
    public void close() throws IOException {
        forget(file);
    }

    /** Unbinds whatever namespace is bound at {@code file} (one left by an earlier run) and deletes it. */
    public static void forget(Path file) throws IOException {
        try {
            LibC.INSTANCE.umount2(file.toString(), MNT_DETACH);
        } catch (LastErrorException ignored) {
            // not mounted (any more)
        }
        Files.deleteIfExists(file);
    }

    /** Waits until the helper has left the engine's user namespace (unshare runs before it execs sleep). */
    private static void awaitOwnNamespace(Process helper, Path proc) throws IOException {
        Path own = Files.readSymbolicLink(Path.of("/proc/self/ns/user"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (!helper.isAlive()) {
                throw new EngineException("unshare --user --net failed: " + new String(helper.getInputStream().readAllBytes()).strip());
            }
            try {
                if (!Files.readSymbolicLink(proc.resolve("ns/user")).equals(own)) {
                    return;
                }
            } catch (IOException e) {
                // the process is just being born
            }
            Thread.onSpinWait();
        }
        throw new EngineException("the user namespace's helper did not start in 5 s");
    }
}
