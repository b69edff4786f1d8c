package dev.layerlab.lessons;

import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlWriter;

import java.util.Map;
import java.util.Set;

/**
 * Renders a lesson's fenced blocks: command, file and text blocks as {@code <pre>} elements whose
 * data attributes the page wires (a block's attributes come from the parser); check, hint, solution
 * and test blocks are not part of the prose and render as nothing.
 */
final class FenceRenderer implements NodeRenderer {
    private final HtmlWriter html;
    private final Map<Node, Map<String, String>> attributes;

    FenceRenderer(HtmlNodeRendererContext context, Map<Node, Map<String, String>> attributes) {
        this.html = context.getWriter();
        this.attributes = attributes;
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
        return Set.of(FencedCodeBlock.class);
    }

    @Override
    public void render(Node node) {
        Map<String, String> attrs = attributes.get(node);
        if (attrs == null) {
            return;
        }
        html.line();
        html.tag("pre", attrs);
        html.tag("code");
        html.text(((FencedCodeBlock) node).getLiteral());
        html.tag("/code");
        html.tag("/pre");
        html.line();
    }
}
