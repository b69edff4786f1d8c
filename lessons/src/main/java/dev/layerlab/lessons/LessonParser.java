package dev.layerlab.lessons;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses one lesson file (front matter, intro, {@code ## Title {#id}} steps) with commonmark-java. */
final class LessonParser {
    /** A parsed file: its front matter, its text, and the line of each step's heading. */
    record Parsed(FrontMatter meta, LessonText text, List<Integer> stepLines) {
    }

    private static final Pattern STEP_HEADING = Pattern.compile("(.*?)\\s*\\{#([a-z0-9][a-z0-9-]*)(\\s+nocheck)?}\\s*");
    private static final Parser PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();

    private final String file;
    private final int lineOffset;
    private final Map<Node, Map<String, String>> fenceAttributes = new IdentityHashMap<>();
    private final HtmlRenderer renderer;

    private LessonParser(String file, int lineOffset) {
        this.file = file;
        this.lineOffset = lineOffset;
        this.renderer = HtmlRenderer.builder().nodeRendererFactory(ctx -> new FenceRenderer(ctx, fenceAttributes)).build();
    }

    static Parsed parse(String file, String source) {
        List<String> lines = source.lines().toList();
        FrontMatter meta = FrontMatter.parse(file, lines);
        String body = String.join("\n", lines.subList(meta.lines(), lines.size())) + "\n";
        return new LessonParser(file, meta.lines()).parseBody(meta, body);
    }

    private Parsed parseBody(FrontMatter meta, String body) {
        Node document = PARSER.parse(body);
        StringBuilder intro = new StringBuilder();
        List<StepBuilder> steps = new ArrayList<>();
        for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof Heading h && h.getLevel() <= 2) {
                if (h.getLevel() == 1) {
                    throw error(h, "no '#' headings: the title is the front matter's; steps are '## Title {#id}'");
                }
                steps.add(startStep(h, steps));
                continue;
            }
            StepBuilder step = steps.isEmpty() ? null : steps.getLast();
            collectFences(node, step);
            (step == null ? intro : step.html).append(renderer.render(node));
        }
        if (steps.isEmpty()) {
            throw new LessonFormatException(file, lineOffset + 1, "a lesson has at least one step ('## Title {#id}')");
        }
        return new Parsed(meta, new LessonText(meta.values().get("title"), meta.values().get("summary"),
                intro.toString(), steps.stream().map(StepBuilder::build).toList()),
                steps.stream().map(s -> s.line).toList());
    }

    private StepBuilder startStep(Heading heading, List<StepBuilder> earlier) {
        StringBuilder text = new StringBuilder();
        heading.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                text.append(c.getLiteral());
            }
        });
        Matcher m = STEP_HEADING.matcher(text);
        if (!m.matches() || m.group(1).isBlank()) {
            throw error(heading, "a step heading is '## Title {#step-id}' (or '{#step-id nocheck}'), not: ## " + text);
        }
        String id = m.group(2);
        if (earlier.stream().anyMatch(s -> s.id.equals(id))) {
            throw error(heading, "step id '" + id + "' is used twice");
        }
        return new StepBuilder(this, id, m.group(1), m.group(3) != null, line(heading));
    }

    private void collectFences(Node node, StepBuilder step) {
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                Fence fence = Fence.of(block.getInfo() == null ? "" : block.getInfo());
                if (fence == null) {
                    throw error(block, "unknown code block '```" + block.getInfo() + "'; known: " + Fence.KNOWN);
                }
                if (step == null && fence.kind() != Fence.Kind.TEXT) {
                    throw error(block, "'```" + block.getInfo() + "' belongs in a step, not in the intro");
                }
                Map<String, String> attrs = step == null ? Map.of("class", "ll-text") : step.add(fence, block);
                if (attrs != null) {
                    fenceAttributes.put(block, attrs);
                }
            }

            @Override
            public void visit(IndentedCodeBlock block) {
                throw error(block, "indented code blocks are not used in lessons; use a fenced block (" + Fence.KNOWN + ")");
            }
        });
    }

    String file() {
        return file;
    }

    int line(Node node) {
        return node.getSourceSpans().isEmpty() ? lineOffset + 1 : lineOffset + node.getSourceSpans().getFirst().getLineIndex() + 1;
    }

    LessonFormatException error(Node node, String message) {
        return new LessonFormatException(file, line(node), message);
    }
}
