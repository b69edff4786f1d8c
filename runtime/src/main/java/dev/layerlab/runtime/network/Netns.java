package dev.layerlab.runtime.network;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.Syscalls;
import dev.layerlab.runtime.sys.Threads;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Named network namespaces: bind mounts of a namespace under {@code /run/netns}, the convention
 * {@code ip netns} uses, so they show in {@code ip netns list} and outlive every process in them.
 * Creating and deleting here costs no process; {@code ip netns add} (used once per sandbox) is
 * what makes {@code /run/netns} a shared mount in the first place.
 */
public final class Netns {
    public static final Path DIR = Path.of("/run/netns");
    static final int CLONE_NEWNET = 0x40000000;
    private static final long MS_BIND = 4096;
    private static final int MNT_DETACH = 2;
    private static final int EINVAL = 22;
    private static final int ENOENT = 2;
    private static final int O_RDONLY_CLOEXEC = 0x80000;

    /** Work done inside a namespace; it may start processes, which are born in that namespace. */
    @FunctionalInterface
    public interface Setup {
        void run() throws Exception;
    }

    private Netns() {
    }

    public static Path path(String name) {
        return DIR.resolve(name);
    }

    /**
     * Creates the empty namespace {@code name} and runs {@code setup} inside it. A fresh platform
     * thread unshares (namespaces belong to OS threads, so no other thread is affected) and then
     * ends. If anything fails the namespace is removed again.
     */
    public static void create(String name, Setup setup) {
        Path file = reserveName(name);
        runNamed(name, () -> {
            LibC.INSTANCE.unshare(CLONE_NEWNET);
            LibC.INSTANCE.mount("/proc/thread-self/ns/net", file.toString(), "none", MS_BIND, null);
        }, setup);
    }

    /** The empty file a namespace is bound on; refused if the name is taken. */
    private static Path reserveName(String name) {
        Path file = path(name);
        try {
            Files.createDirectories(DIR);
            Files.createFile(file);
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new ConflictException("network namespace " + name + " already exists");
        } catch (IOException e) {
            throw new EngineException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /** On a fresh platform thread: {@code enter} (binds {@code name} and enters it), then {@code setup}. */
    private static void runNamed(String name, Runnable enter, Setup setup) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("netns-" + name).start(() -> {
            try {
                enter.run();
                setup.run();
            } catch (LastErrorException e) {
                failure.set(new EngineException("cannot create network namespace " + name + ": " + Syscalls.describe(e)));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        Threads.joinUninterruptibly(thread);
        if (failure.get() != null) {
            delete(name);
            if (failure.get() instanceof RuntimeException r) {
                throw r;
            }
            throw new EngineException("setting up network namespace " + name + ": " + failure.get(), failure.get());
        }
    }

    /**
     * Names the existing namespace {@code source} (a process's {@code /proc/<pid>/ns/net}, say one runc
     * made inside a sandbox's user namespace) {@code name} and runs {@code setup} inside it, on a fresh
     * platform thread that enters it. If anything fails the name is removed again.
     */
    public static void adopt(String name, Path source, Setup setup) {
        Path file = reserveName(name);
        runNamed(name, () -> {
            LibC.INSTANCE.mount(source.toString(), file.toString(), "none", MS_BIND, null);
            int fd = LibC.INSTANCE.open(file.toString(), O_RDONLY_CLOEXEC);
            try {
                LibC.INSTANCE.setns(fd, CLONE_NEWNET);
            } finally {
                LibC.INSTANCE.close(fd);
            }
        }, setup);
    }

    /**
     * Runs {@code setup} inside the existing named namespace {@code name}, on a fresh platform thread
     * that enters it (a running container's, to add or remove an interface). The namespace is kept
     * whatever happens.
     */
    public static void enter(String name, Setup setup) {
        Path file = path(name);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("netns-" + name).start(() -> {
            try {
                int fd = LibC.INSTANCE.open(file.toString(), O_RDONLY_CLOEXEC);
                try {
                    LibC.INSTANCE.setns(fd, CLONE_NEWNET);
                } finally {
                    LibC.INSTANCE.close(fd);
                }
                setup.run();
            } catch (LastErrorException e) {
                failure.set(new EngineException("cannot enter network namespace " + name + ": " + Syscalls.describe(e)));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        Threads.joinUninterruptibly(thread);
        if (failure.get() instanceof RuntimeException r) {
            throw r;
        } else if (failure.get() != null) {
            throw new EngineException("in network namespace " + name + ": " + failure.get(), failure.get());
        }
    }

    /**
     * Removes the name; the namespace itself (and every interface in it) goes once no process or
     * socket uses it any more. Idempotent.
     */
    public static void delete(String name) {
        Path file = path(name);
        try {
            LibC.INSTANCE.umount2(file.toString(), MNT_DETACH);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != EINVAL && e.getErrorCode() != ENOENT) {
                throw new EngineException("cannot unmount " + file + ": " + Syscalls.describe(e));
            }
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new EngineException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    /** The names under {@code /run/netns}, ours or not. */
    public static List<String> list() {
        if (!Files.isDirectory(DIR)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(DIR)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new EngineException("cannot list " + DIR + ": " + e.getMessage(), e);
        }
    }
}
