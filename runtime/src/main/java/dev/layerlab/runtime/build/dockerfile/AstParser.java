package dev.layerlab.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Dockerfile text to {@link Node}s (buildkit {@code parser.Parse}): parser directives at the top,
 * comments and blank lines skipped, continuation lines joined (comment and blank lines inside a
 * continuation are dropped), then heredoc bodies of RUN/COPY/ADD read up to their terminators.
 * Errors carry Docker's bare message; the caller adds the prefix.
 */
final class AstParser {
    /** The nodes and the escape token in effect at the end. */
    record Result(List<Node> nodes, char escape) {
    }

    private final List<String> lines;
    private final Directives directives;
    private int next;

    private AstParser(String text, Directives directives) {
        this.lines = splitLines(text);
        this.directives = directives;
    }

    /** Parses a whole Dockerfile; {@code lookForDirectives} is false for ONBUILD triggers. */
    static Result parse(String text, char escape, boolean lookForDirectives) {
        AstParser parser = new AstParser(text, new Directives(escape, lookForDirectives));
        List<Node> nodes = parser.nodes();
        return new Result(nodes, parser.directives.escape());
    }

    private List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        while (next < lines.size()) {
            String raw = trimNewline(lines.get(next));
            if (next == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            next++;
            int startLine = next;
            String token = GoText.trimLeftSpace(raw);
            directives.offer(token);
            if (token.startsWith("#")) {
                token = "";
            }
            String stripped = directives.stripContinuation(token);
            if (stripped == null && token.isEmpty()) {
                continue;
            }
            StringBuilder line = new StringBuilder(stripped == null ? token : stripped);
            boolean continues = stripped != null;
            while (continues && next < lines.size()) {
                String part = trimNewline(lines.get(next++));
                directives.offer(part);
                String trimmed = GoText.trimLeftSpace(part);
                if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                    continue; // comment or empty line inside a continuation
                }
                String cut = directives.stripContinuation(part);
                continues = cut != null;
                line.append(continues ? cut : part);
            }
            String joined = line.toString();
            Node node = LineParsers.nodeFromLine(joined, directives.escape());
            List<Heredoc> bodies = Heredocs.mayContain(node, joined) ? readBodies(joined) : List.of();
            nodes.add(node.withPosition(startLine, bodies));
        }
        if (nodes.isEmpty()) {
            throw new DockerfileException("file with no instructions");
        }
        return nodes;
    }

    /** Reads the body of each heredoc opened on {@code line}, one after the other. */
    private List<Heredoc> readBodies(String line) {
        List<Heredoc> bodies = new ArrayList<>();
        for (Heredoc doc : Heredocs.fromLine(line)) {
            StringBuilder content = new StringBuilder();
            boolean terminated = false;
            while (next < lines.size()) {
                String raw = lines.get(next++);
                String candidate = trimNewline(raw);
                if (doc.chomp()) {
                    candidate = candidate.replaceFirst("^\t+", "");
                }
                if (candidate.equals(doc.name())) {
                    terminated = true;
                    break;
                }
                content.append(raw);
            }
            if (!terminated) {
                throw new DockerfileException("unterminated heredoc");
            }
            bodies.add(new Heredoc(doc.name(), content.toString(), doc.expand(), doc.chomp()));
        }
        return bodies;
    }

    /** Lines with their line endings kept (heredoc bodies need them). */
    private static List<String> splitLines(String text) {
        List<String> result = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            result.add(text.substring(start, end));
            start = end;
        }
        return result;
    }

    private static String trimNewline(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
