package dev.layerlab.lessons;

import java.util.List;

/**
 * One step of a lesson.
 *
 * @param html     the step's prose as HTML; command and file blocks are {@code <pre>} elements the
 *                 page wires by their data attributes ({@code data-command="i"}, {@code data-file="i"})
 * @param check    a shell script run in the sandbox host (cwd /root): exit 0 = done, else what it
 *                 printed says what is missing; null when the step has nothing to check
 * @param hint     plain text shown on request, or null
 * @param solution shell text shown on request, or null
 * @param test     what an automated test runs in place of the interactive commands, or null
 */
public record Step(String id, String title, String html, List<Command> commands, List<SandboxFile> files,
                   String check, String hint, String solution, String test) {
    public Step {
        commands = List.copyOf(commands);
        files = List.copyOf(files);
    }

    /**
     * The shell scripts an automated walk-through runs, in order: every non-interactive command, and
     * the {@code test} block where the first interactive command stands.
     */
    public List<String> testScripts() {
        var scripts = new java.util.ArrayList<String>();
        boolean testPlaced = false;
        for (Command c : commands) {
            if (!c.interactive()) {
                scripts.add(c.text());
            } else if (!testPlaced) {
                testPlaced = true;
                if (test != null) {
                    scripts.add(test);
                }
            }
        }
        if (!testPlaced && test != null) {
            scripts.add(test);
        }
        return scripts;
    }
}
