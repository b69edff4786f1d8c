package dev.layerlab.server.sandbox;

import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.runtime.sandbox.Sandboxes;
import dev.layerlab.runtime.stdio.StreamType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scripts run in a sandbox's shell host as the learner's own shell would run them ({@code bash -lc},
 * cwd /root): lesson checks, files a step places, the page's small editor. Output is capped and a
 * script that runs too long is reported as failed, never left hanging a request.
 */
public final class SandboxShell {
    static final int MAX_OUTPUT = 16 * 1024;

    private final Sandboxes sandboxes;

    public SandboxShell(Sandboxes sandboxes) {
        this.sandboxes = sandboxes;
    }

    /** What a script did: its exit code (124 on timeout) and its output, stdout then stderr. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public Result run(String sandboxId, String script, int timeoutSeconds) throws IOException {
        Sandbox sandbox = sandboxes.get(sandboxId);
        Space host = sandboxes.hostSpace(sandbox);
        var exec = host.execs().create(sandbox.hostContainerId(), new ExecConfig(List.of("bash", "-lc", script),
                List.of(), "", "/root", false, false, true, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        host.execs().start(exec.id(), (stream, bytes, n) -> {
            ByteArrayOutputStream to = stream == StreamType.STDERR ? err : out;
            synchronized (to) {
                if (to.size() < MAX_OUTPUT) {
                    to.write(bytes, 0, Math.min(n, MAX_OUTPUT - to.size()));
                }
            }
        });
        try {
            int code = exec.exit().get(timeoutSeconds, TimeUnit.SECONDS);
            return new Result(code, text(out) + text(err));
        } catch (TimeoutException e) {
            return new Result(124, text(out) + text(err) + "\n(stopped after " + timeoutSeconds + " s)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    /**
     * Writes {@code content} to {@code path} (relative to /root, no ".."), making its directory. The content
     * travels base64 in the script, so it must stay well under Linux's 128 KiB limit for one argument.
     */
    public void writeFile(String sandboxId, String path, String content) throws IOException {
        String p = safePath(path);
        String b64 = Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8));
        Result r = run(sandboxId, "mkdir -p -- \"$(dirname -- '" + p + "')\" && printf '%s' '" + b64
                + "' | base64 -d > '" + p + "'", 20);
        if (!r.ok()) {
            throw new IOException("could not write " + p + ": " + r.output());
        }
    }

    /** A path the page may name: relative to /root, plain characters, never climbing out. */
    public static String safePath(String path) {
        if (path == null || !path.matches("[A-Za-z0-9._/-]{1,200}") || path.startsWith("/")
                || List.of(path.split("/")).contains("..")) {
            throw new InvalidArgumentException("not a file path in your home directory: " + path);
        }
        return path;
    }

    private static String text(ByteArrayOutputStream s) {
        synchronized (s) {
            return s.toString(StandardCharsets.UTF_8);
        }
    }
}
