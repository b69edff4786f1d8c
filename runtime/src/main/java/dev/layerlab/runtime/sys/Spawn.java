package dev.layerlab.runtime.sys;

import com.sun.jna.Memory;

import java.util.List;
import java.util.Map;

/**
 * Starts a program with chosen file descriptors as its stdin, stdout and stderr, by posix_spawn.
 * The JDK's ProcessBuilder only offers its own pipes, which it drains and closes when the process
 * exits; a container's stdio must outlive the runc process that started it.
 */
public final class Spawn {
    // glibc's posix_spawn_file_actions_t is 80 bytes on 64-bit; leave generous room.
    private static final int FILE_ACTIONS_SIZE = 256;

    private Spawn() {
    }

    /** Spawns {@code argv} (looked up in PATH) with the given fds dup'ed onto 0, 1 and 2; returns its pid. */
    public static int spawn(List<String> argv, Map<String, String> env, Fd stdin, Fd stdout, Fd stderr) {
        Memory actions = new Memory(FILE_ACTIONS_SIZE);
        check(LibC.INSTANCE.posix_spawn_file_actions_init(actions), "file_actions_init");
        try {
            check(LibC.INSTANCE.posix_spawn_file_actions_adddup2(actions, stdin.number(), 0), "adddup2 stdin");
            check(LibC.INSTANCE.posix_spawn_file_actions_adddup2(actions, stdout.number(), 1), "adddup2 stdout");
            check(LibC.INSTANCE.posix_spawn_file_actions_adddup2(actions, stderr.number(), 2), "adddup2 stderr");
            String[] args = argv.toArray(new String[argv.size() + 1]);
            String[] envp = new String[env.size() + 1]; // NULL-terminated, as execve wants
            int i = 0;
            for (Map.Entry<String, String> e : env.entrySet()) {
                envp[i++] = e.getKey() + "=" + e.getValue();
            }
            int[] pid = new int[1];
            int rc = LibC.INSTANCE.posix_spawnp(pid, argv.get(0), actions, null, args, envp);
            if (rc != 0) {
                throw new IllegalStateException("cannot start " + argv.get(0) + ": " + LibC.INSTANCE.strerror(rc));
            }
            return pid[0];
        } finally {
            LibC.INSTANCE.posix_spawn_file_actions_destroy(actions);
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new IllegalStateException("posix_spawn " + what + ": " + LibC.INSTANCE.strerror(rc));
        }
    }
}
