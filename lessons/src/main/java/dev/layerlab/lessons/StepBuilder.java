package dev.layerlab.lessons;

import org.commonmark.node.FencedCodeBlock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects one step's blocks while the parser walks it, and checks the step is complete. */
final class StepBuilder {
    final String id;
    final int line;
    final StringBuilder html = new StringBuilder();
    private final LessonParser parser;
    private final String title;
    private final boolean noCheck;
    private final List<Command> commands = new ArrayList<>();
    private final List<SandboxFile> files = new ArrayList<>();
    private final Map<Fence.Kind, String> single = new LinkedHashMap<>();

    StepBuilder(LessonParser parser, String id, String title, boolean noCheck, int line) {
        this.parser = parser;
        this.id = id;
        this.title = title;
        this.noCheck = noCheck;
        this.line = line;
    }

    /** Records a block; answers the attributes of its {@code <pre>}, or null when it is not shown. */
    Map<String, String> add(Fence fence, FencedCodeBlock block) {
        String literal = block.getLiteral();
        if (literal.isBlank()) {
            throw parser.error(block, "an empty '```" + block.getInfo() + "' block");
        }
        switch (fence.kind()) {
            case COMMAND, INTERACTIVE -> {
                boolean interactive = fence.kind() == Fence.Kind.INTERACTIVE;
                commands.add(new Command(literal.stripTrailing(), interactive));
                return Map.of("class", "ll-command", "data-command", String.valueOf(commands.size() - 1),
                        "data-interactive", String.valueOf(interactive));
            }
            case FILE -> {
                if (!Fence.validPath(fence.path())) {
                    throw parser.error(block, "a file path is relative to /root, without '..': " + fence.path());
                }
                files.add(new SandboxFile(fence.path(), literal));
                return Map.of("class", "ll-file", "data-file", String.valueOf(files.size() - 1), "data-path", fence.path());
            }
            case TEXT -> {
                return Map.of("class", "ll-text");
            }
            default -> {
                if (single.put(fence.kind(), literal.stripTrailing()) != null) {
                    throw parser.error(block, "step '" + id + "' has two '```" + block.getInfo() + "' blocks");
                }
                return null;
            }
        }
    }

    /** Checks the step's promises once its last block is seen. */
    void finish() {
        String where = "step '" + id + "': ";
        boolean acts = !commands.isEmpty() || !files.isEmpty();
        boolean interactive = commands.stream().anyMatch(Command::interactive);
        if (acts && !noCheck && !single.containsKey(Fence.Kind.CHECK)) {
            throw new LessonFormatException(parser.file(), line, where + "has commands or files but no '```check' "
                    + "block (mark the heading '{#" + id + " nocheck}' if it only looks around)");
        }
        if (noCheck && single.containsKey(Fence.Kind.CHECK)) {
            throw new LessonFormatException(parser.file(), line, where + "is marked nocheck but has a '```check' block");
        }
        if (interactive && !single.containsKey(Fence.Kind.TEST)) {
            throw new LessonFormatException(parser.file(), line, where + "has a '```bash interactive' block, so it needs "
                    + "a '```test' block that tests run instead");
        }
        if (!interactive && single.containsKey(Fence.Kind.TEST)) {
            throw new LessonFormatException(parser.file(), line, where + "has a '```test' block but no interactive command");
        }
    }

    Step build() {
        finish();
        return new Step(id, title, html.toString(), commands, files, single.get(Fence.Kind.CHECK),
                single.get(Fence.Kind.HINT), single.get(Fence.Kind.SOLUTION), single.get(Fence.Kind.TEST));
    }
}
