package dev.layerlab.runtime.userns;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.Syscalls;
import dev.layerlab.runtime.sys.Threads;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs the engine's own file work in a sandbox's trees as that sandbox's root, as far as files go:
 * on a fresh platform thread whose fsuid and fsgid are the range's base (what the sandbox's uid 0 is
 * outside), with the engine's capabilities kept. Through an idmapped mount a file made by the real
 * root (id 0, which the mapping cannot name) fails with EOVERFLOW; made this way it is the sandbox's
 * root's, on disk and inside. Overlay keeps its mounter's credentials for copy-up, so a sandbox's
 * overlays are mounted this way too. The thread is fresh because fsuid is per thread and a virtual
 * thread may move between carriers; it ends with the work.
 */
public final class AsSandboxRoot {
    /** Work that may throw what file work throws. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    private static final int CAP_VERSION_3 = 0x20080522;

    private AsSandboxRoot() {
    }

    /** {@code work} as the sandbox root of {@code range}; with {@link IdRange#NONE}, simply {@code work}. */
    public static <T> T run(IdRange range, Work<T> work) throws IOException {
        if (range.isIdentity()) {
            return work.run();
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Thread.ofPlatform().name("as-sandbox-root").start(() -> {
            try {
                become(range.base());
                result.set(work.run());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Threads.joinUninterruptibly(thread);
        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return result.get();
    }

    /** This thread's file ids become {@code id}; the file capabilities the kernel then drops are raised again. */
    private static void become(int id) {
        LibC.INSTANCE.setfsgid(id);
        LibC.INSTANCE.setfsuid(id);
        Memory header = new Memory(8); // struct __user_cap_header_struct { u32 version; int pid; }
        header.setInt(0, CAP_VERSION_3);
        header.setInt(4, 0);
        Memory data = new Memory(24); // two struct __user_cap_data_struct { u32 effective, permitted, inheritable; }
        try {
            LibC.INSTANCE.capget(header, data);
            data.setInt(0, data.getInt(4));
            data.setInt(12, data.getInt(16));
            LibC.INSTANCE.capset(header, data);
        } catch (LastErrorException e) {
            throw new EngineException("cannot keep the engine's capabilities as a sandbox's root: " + Syscalls.describe(e));
        }
    }
}
