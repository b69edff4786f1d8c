package dev.layerlab.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognising here-document words ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}, {@code 3<<EOF}) as
 * buildkit's parser does. Bodies are read by {@link AstParser}; this class only finds the names.
 */
final class Heredocs {
    /** Instructions whose words may open heredocs (ONBUILD counts through its trigger). */
    static final Set<String> KEYWORDS = Set.of("run", "copy", "add");

    private static final Pattern WORD = Pattern.compile("^(\\d*)<<(-?)\\s*([^<]*)\\z");
    private static final ShellLex LINE_LEX = new ShellLex('\\', true, true, true, true);
    private static final ShellLex PLAIN = new ShellLex('\\', false, false, true, true);
    private static final ShellLex RAW = new ShellLex('\\', true, false, true, true);

    private Heredocs() {
    }

    /** Whether this node's line is searched for heredocs at all. */
    static boolean mayContain(Node node, String line) {
        Node owner = node.heredocOwner();
        return KEYWORDS.contains(owner.keyword()) && !owner.json() && line.contains("<<");
    }

    /** The heredocs opened on one instruction line, in order, with empty content. */
    static List<Heredoc> fromLine(String line) {
        List<String> words;
        try {
            words = LINE_LEX.processWords(line, name -> null);
        } catch (DockerfileException e) {
            return List.of();
        }
        List<Heredoc> docs = new ArrayList<>();
        for (String word : words) {
            Heredoc doc = parse(word);
            if (doc != null) {
                docs.add(doc);
            }
        }
        return docs;
    }

    /** The heredoc a single word opens, or null if it is not one. */
    static Heredoc parse(String word) {
        Matcher m = WORD.matcher(word);
        if (!m.matches()) {
            return null;
        }
        boolean chomp = m.group(2).equals("-");
        String rest = m.group(3);
        if (rest.isEmpty()) {
            return null;
        }
        List<String> plain = PLAIN.processWords(rest, name -> null);
        if (plain.size() != 1) {
            return null;
        }
        List<String> raw = RAW.processWords(rest, name -> null);
        if (raw.size() != plain.size()) {
            throw new DockerfileException("internal lexing of heredoc produced inconsistent results: " + rest);
        }
        // Quotes that vanish when quotes are processed mean part of the delimiter was quoted: no expansion.
        boolean expand = quoteCount(plain.getFirst()) == quoteCount(raw.getFirst());
        return new Heredoc(plain.getFirst(), "", expand, chomp);
    }

    /** The heredoc a word opens, ignoring words that fail to lex (buildkit's MustParseHeredoc). */
    static Heredoc parseQuietly(String word) {
        try {
            return parse(word);
        } catch (DockerfileException e) {
            return null;
        }
    }

    private static long quoteCount(String s) {
        return s.chars().filter(c -> c == '\'' || c == '"').count();
    }
}
