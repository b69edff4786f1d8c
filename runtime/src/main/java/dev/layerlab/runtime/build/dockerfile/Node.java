package dev.layerlab.runtime.build.dockerfile;

import java.util.List;

/**
 * One instruction as the line parser sees it (buildkit's AST node, flattened): the lowercased
 * keyword, the {@code --flags} before the arguments, the arguments split per the keyword's rule,
 * whether they were a JSON array, the ONBUILD sub-instruction, and heredoc bodies.
 */
record Node(String keyword, String original, List<String> flags, List<String> args, boolean json, Node child,
            int startLine, List<Heredoc> heredocs) {

    Node withPosition(int line, List<Heredoc> bodies) {
        return new Node(keyword, original, flags, args, json, child, line, List.copyOf(bodies));
    }

    /** The instruction whose heredocs count: the ONBUILD trigger for ONBUILD, else this one. */
    Node heredocOwner() {
        return keyword.equals("onbuild") && child != null ? child : this;
    }
}
