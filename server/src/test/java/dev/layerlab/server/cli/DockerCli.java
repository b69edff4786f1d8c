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
    /** The newest CLI this machine has (28.2.2), for behaviour the client shapes itself. */
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

    /** The same sandbox driven by the newest CLI ({@link #NEWEST}). */
    public DockerCli newest() {
        return using(NEWEST);
    }

    /** The same sandbox through another docker binary ({@link #NEWEST}). */
    public DockerCli using(Path otherBinary) {
        return new DockerCli(socket, otherBinary);
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
        return exec(scriptArgv(args), keystrokes, 60);
    }

    /**
     * Runs {@code docker args} on a pseudo-terminal, typing each of {@code keys} after {@code pause}, as a
     * person would: after the CLI has put its terminal in raw mode (before that the terminal's line
     * discipline would swallow keys like Ctrl-Q) and one key press per read.
     */
    public CliResult onTerminal(List<String> keys, java.time.Duration pause, String... args)
            throws IOException, InterruptedException {
        return exec(scriptArgv(args), keys, pause, 60);
    }

    /** Starts {@code docker args} and returns it running (a live {@code docker events}); stop it when done. */
    public Process start(String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("DOCKER_HOST", "unix://" + socket);
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    private List<String> scriptArgv(String... args) {
        StringBuilder cmd = new StringBuilder(binary.toString());
        for (String a : args) {
            cmd.append(' ').append('\'').append(a.replace("'", "'\\''")).append('\'');
        }
        return List.of("script", "-qfec", cmd.toString(), "/dev/null");
    }

    private CliResult exec(List<String> argv, String stdin, int timeoutSeconds) throws IOException, InterruptedException {
        return exec(argv, stdin == null ? null : List.of(stdin), java.time.Duration.ZERO, timeoutSeconds);
    }

    private CliResult exec(List<String> argv, List<String> inputs, java.time.Duration pause, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("DOCKER_HOST", "unix://" + socket);
        pb.environment().put("DOCKER_BUILDKIT", "0");
        pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            for (String input : inputs == null ? List.<String>of() : inputs) {
                if (!pause.isZero()) {
                    Thread.sleep(pause);
                }
                in.write(input.getBytes(StandardCharsets.UTF_8));
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
