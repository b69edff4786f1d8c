package dev.layerlab.runtime.runc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.sys.Fd;
import dev.layerlab.runtime.sys.Spawn;
import dev.layerlab.runtime.sys.Syscalls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runc binary, one method per verb. Containers always run detached: runc exits once the
 * process is started, and the engine (a subreaper) waits for the process itself, so no helper
 * process stays behind per container.
 */
public final class Runc {
    private final String binary;
    private final Path stateRoot;
    private static final java.time.Duration START_TIMEOUT = java.time.Duration.ofSeconds(30);
    private final Map<String, String> env = Map.of("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");

    public Runc(String binary, Path stateRoot) {
        this.binary = binary;
        this.stateRoot = stateRoot;
    }

    public Path stateRoot() {
        return stateRoot;
    }

    /** {@code runc run -d}: creates and starts the container of {@code bundle}; returns the pid of its process. */
    public int run(String id, Path bundle, RuncIo io, Path pidFile, Path logFile) {
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--bundle", bundle.toString(),
                "--pid-file", pidFile.toString()));
        consoleArgs(io, args);
        args.add(id);
        return startDetached(args, io, pidFile, logFile);
    }

    /**
     * {@code runc create}: the container's namespaces and mounts are made and its process waits
     * before exec; returns its pid. {@link #start} lets it run.
     */
    public int create(String id, Path bundle, RuncIo io, Path pidFile, Path logFile) {
        List<String> args = new ArrayList<>(List.of("create", "--bundle", bundle.toString(),
                "--pid-file", pidFile.toString()));
        consoleArgs(io, args);
        args.add(id);
        return startDetached(args, io, pidFile, logFile);
    }

    /**
     * {@code runc start} of the created container {@code id} whose init is {@code initPid}, done in this
     * process ({@link ExecFifo}): returns once the container's process runs.
     */
    public void start(String id, int initPid) {
        ExecFifo.release(stateRoot.resolve(id).resolve("exec.fifo"), initPid, START_TIMEOUT);
    }

    /** {@code runc exec -d} of the process described by {@code processJson}; returns its pid. */
    public int exec(String id, Path processJson, RuncIo io, Path pidFile, Path logFile) {
        List<String> args = new ArrayList<>(List.of("exec", "--detach", "--process", processJson.toString(),
                "--pid-file", pidFile.toString()));
        consoleArgs(io, args);
        args.add(id);
        return startDetached(args, io, pidFile, logFile);
    }

    public void kill(String id, String signal) {
        check(List.of("kill", id, signal));
    }

    /**
     * {@code runc update} of a running container's limits: memory (with no swap, as at create) and
     * pids (negative: none); 0 leaves a limit as it is.
     */
    public void update(String id, long memoryBytes, long pidsLimit) {
        List<String> args = new ArrayList<>(List.of("update"));
        if (memoryBytes > 0) {
            args.addAll(List.of("--memory", String.valueOf(memoryBytes), "--memory-swap", String.valueOf(memoryBytes)));
        }
        if (pidsLimit != 0) {
            args.addAll(List.of("--pids-limit", String.valueOf(pidsLimit)));
        }
        args.add(id);
        check(args);
    }

    public void pause(String id) {
        check(List.of("pause", id));
    }

    public void resume(String id) {
        check(List.of("resume", id));
    }

    /** Deletes runc's state and cgroups of a container; {@code force} kills it first if needed. */
    public void delete(String id, boolean force) {
        check(force ? List.of("delete", "--force", id) : List.of("delete", id));
    }

    /** runc's view of the container, or null if runc does not know it. */
    public JsonNode state(String id) {
        Result r = call(List.of("state", id));
        if (r.exitCode != 0) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(r.stdout);
        } catch (IOException e) {
            throw new RuncException("runc state " + id + ": unreadable output: " + r.stdout);
        }
    }

    /** The ids runc knows under this engine's state root. */
    public List<String> list() {
        Result r = call(List.of("list", "--quiet"));
        if (r.exitCode != 0) {
            throw new RuncException("runc list: " + r.error());
        }
        return r.stdout.lines().filter(l -> !l.isBlank()).toList();
    }

    private void consoleArgs(RuncIo io, List<String> args) {
        if (io instanceof RuncIo.Terminal t) {
            args.add("--console-socket");
            args.add(t.consoleSocket().toString());
        }
    }

    private int startDetached(List<String> verbArgs, RuncIo io, Path pidFile, Path logFile) {
        List<String> argv = new ArrayList<>(List.of(binary, "--root", stateRoot.toString(),
                "--log", logFile.toString(), "--log-format", "json"));
        argv.addAll(verbArgs);
        try {
            Files.deleteIfExists(logFile);
            Files.deleteIfExists(pidFile);
            int pid = switch (io) {
                case RuncIo.Pipes p -> Spawn.spawn(argv, env, p.stdin(), p.stdout(), p.stderr());
                case RuncIo.Terminal t -> Spawn.spawn(argv, env, t.nullIo(), t.nullIo(), t.nullIo());
            };
            int exit = Syscalls.waitForExit(pid);
            if (exit != 0) {
                throw new RuncException(RuncLog.lastError(logFile, "runc " + verbArgs.get(0) + " exited with " + exit));
            }
            return Integer.parseInt(Files.readString(pidFile).trim());
        } catch (IOException e) {
            throw new RuncException("runc " + verbArgs.get(0) + ": " + e.getMessage());
        }
    }

    private void check(List<String> verbArgs) {
        Result r = call(verbArgs);
        if (r.exitCode != 0) {
            throw new RuncException("runc " + verbArgs.get(0) + ": " + r.error());
        }
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String error() {
            String text = RuncLog.messageOf(stderr.isBlank() ? stdout : stderr);
            return text.isBlank() ? "exit status " + exitCode : text;
        }
    }

    private Result call(List<String> verbArgs) {
        List<String> argv = new ArrayList<>(List.of(binary, "--root", stateRoot.toString()));
        argv.addAll(verbArgs);
        Fd[] in = Syscalls.pipe();
        Fd[] out = Syscalls.pipe();
        Fd[] err = Syscalls.pipe();
        in[1].close();
        try {
            int pid = Spawn.spawn(argv, env, in[0], out[1], err[1]);
            out[1].close();
            err[1].close();
            in[0].close();
            String stdout = drain(out[0]);
            String stderr = drain(err[0]);
            return new Result(Syscalls.waitForExit(pid), stdout, stderr);
        } catch (IOException e) {
            throw new RuncException("runc " + verbArgs.get(0) + ": " + e.getMessage());
        } finally {
            for (Fd fd : List.of(in[0], out[0], out[1], err[0], err[1])) {
                fd.close();
            }
        }
    }

    private static String drain(Fd fd) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = fd.read(chunk)) > 0) {
            buf.write(chunk, 0, n);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
