package dev.layerlab.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real docker CLI (Debian's 20.10 client, installed by scripts/host.sh) pointed at one
 * sandbox's API socket from outside the sandbox, as an instructor would. Commands that need a
 * terminal ({@code -it}) run under {@code script}, which gives them a real pseudo-terminal.
 */
public final class DockerCli {
    public static final Path BINARY = Path.of("/var/cache/layerlab/docker-cli/docker");
    /** The newest CLI on the test machine (28.2.2): what a learner with a current Docker would type. */
    public static final Path NEWEST = Path.of("/usr/local/bin/docker");

    private final Path socket;
    private final Path binary;

    public DockerCli(Path socket) {
        this(socket, BINARY);
    }

    public DockerCli(Path socket, Path binary) {
        this.socket = socket;
        this.binary = binary;
    }

    /** The same sandbox through another docker binary (e.g. {@link #NEWEST}). */
    public DockerCli withBinary(Path other) {
        return new DockerCli(socket, other);
    }

    public CliResult run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /** Runs with {@code stdin} fed to the CLI (null: no input, stdin closed). */
    public CliResult runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(List.of(args));
        return exec(argv, stdin, 60);
    }

    /** Runs {@code docker args} on a pseudo-terminal, typing {@code keystrokes}; returns the terminal's output. */
    public CliResult onTerminal(String keystrokes, String... args) throws IOException, InterruptedException {
        StringBuilder cmd = new StringBuilder(binary.toString());
        for (String a : args) {
            cmd.append(' ').append('\'').append(a.replace("'", "'\\''")).append('\'');
        }
        return exec(List.of("script", "-qfec", cmd.toString(), "/dev/null"), keystrokes, 60);
    }

    private CliResult exec(List<String> argv, String stdin, int timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("DOCKER_HOST", "unix://" + socket);
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
        } catch (IOException e) {
            // the CLI exited before reading its input; the exit code tells why
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("docker " + argv + " did not finish in " + timeoutSeconds + " s; output so far: "
                    + out.getNow(""));
        }
        return new CliResult(p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
