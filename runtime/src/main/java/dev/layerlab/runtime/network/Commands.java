package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code ip} and {@code nft} with a script on stdin. A child inherits the network namespace of
 * the thread that starts it, so calling this on a thread inside a namespace configures that
 * namespace without {@code ip netns exec}.
 */
final class Commands {
    // The engine may be started with a PATH lacking sbin; these tools live there.
    private static final List<String> SEARCH = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private static final Pattern BATCH_LINE = Pattern.compile("Command failed -:(\\d+)");

    private Commands() {
    }

    /** {@code ip -batch -}: one process for many link/addr/route commands. */
    static String ipBatch(List<String> lines) {
        return run(List.of("ip", "-batch", "-"), lines);
    }

    /** {@code nft -f -}: the whole script is applied as one transaction or not at all. */
    static String nft(String script) {
        return run(List.of("nft", "-f", "-"), List.of(script));
    }

    static String run(List<String> argv, List<String> stdinLines) {
        List<String> command = new ArrayList<>(argv);
        command.set(0, locate(argv.get(0)));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (!stdinLines.isEmpty()) {
                    in.write((String.join("\n", stdinLines) + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The tool exited without reading its input; its exit code and output below say why.
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            if (exit != 0) {
                throw new EngineException(argv.get(0) + " failed (exit " + exit + "): " + explain(output, stdinLines));
            }
            return output;
        } catch (IOException e) {
            throw new EngineException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("interrupted while running " + argv.get(0), e);
        }
    }

    /** ip names the failing batch line only by number; quote it so the error stands on its own. */
    private static String explain(String output, List<String> lines) {
        String text = output.strip();
        Matcher m = BATCH_LINE.matcher(text);
        if (m.find()) {
            int n = Integer.parseInt(m.group(1));
            if (n >= 1 && n <= lines.size()) {
                text += " [" + lines.get(n - 1) + "]";
            }
        }
        return text;
    }

    private static String locate(String program) {
        for (String dir : SEARCH) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return program;
    }
}
