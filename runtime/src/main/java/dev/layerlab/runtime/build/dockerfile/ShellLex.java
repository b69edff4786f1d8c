package dev.layerlab.runtime.build.dockerfile;

import java.util.List;
import java.util.function.Function;

/**
 * Docker's shell-word expansion used on instruction arguments at build time (buildkit
 * {@code shell/lex.go}): single quotes are literal; double quotes allow substitutions and the escape
 * token escapes only {@code "}, {@code $} and itself there; outside quotes the escape token escapes
 * any character; {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-w}}, {@code ${VAR-w}}, {@code ${VAR:+w}},
 * {@code ${VAR+w}}, {@code ${VAR:?msg}}, {@code ${VAR?msg}} where {@code w} is itself processed.
 * Unset variables expand to the empty string. Errors read {@code failed to process "<word>": <reason>}.
 */
public final class ShellLex {
    private final char escape;
    private final boolean rawQuotes;
    private final boolean rawEscapes;
    private final boolean skipUnsetEnv;
    private final boolean heredocWords;

    public ShellLex(char escape) {
        this(escape, false, false, false, false);
    }

    /** The parser's own variants for finding heredoc words: quotes/escapes kept, unset vars left alone. */
    ShellLex(char escape, boolean rawQuotes, boolean rawEscapes, boolean skipUnsetEnv, boolean heredocWords) {
        this.escape = escape;
        this.rawQuotes = rawQuotes;
        this.rawEscapes = rawEscapes;
        this.skipUnsetEnv = skipUnsetEnv;
        this.heredocWords = heredocWords;
    }

    /** The word with quotes removed and substitutions done; {@code env} returns null for unset names. */
    public String processWord(String word, Function<String, String> env) {
        return scan(word, env).word();
    }

    /** As {@link #processWord} but split on unquoted white space (also white space coming from variables). */
    public List<String> processWords(String word, Function<String, String> env) {
        return List.copyOf(scan(word, env).words());
    }

    private ShellScanner.Result scan(String word, Function<String, String> env) {
        try {
            return new ShellScanner(word, env, this).scan();
        } catch (ShellScanner.LexError e) {
            throw new DockerfileException("failed to process " + GoText.quote(word) + ": " + e.getMessage());
        }
    }

    char escape() {
        return escape;
    }

    boolean rawQuotes() {
        return rawQuotes;
    }

    boolean rawEscapes() {
        return rawEscapes;
    }

    boolean skipUnsetEnv() {
        return skipUnsetEnv;
    }

    boolean heredocWords() {
        return heredocWords;
    }
}
