package dev.layerlab.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One pass of Docker's shell-word processing over one input (buildkit {@code shell/lex.go}): quotes,
 * escapes and {@code $} substitutions, producing both the joined word and the whitespace-split words.
 * Errors are {@link LexError}s carrying Docker's inner message; {@link ShellLex} adds the prefix.
 */
final class ShellScanner {
    static final int EOF = -1;

    /** The joined result and the split words of one scan. */
    record Result(String word, List<String> words) {
    }

    /** Docker's message without the {@code failed to process "..."} prefix. */
    static final class LexError extends RuntimeException {
        LexError(String message) {
            super(message, null, false, false);
        }
    }

    private final int[] input;
    private int pos;
    private final Function<String, String> env;
    private final ShellLex options;

    ShellScanner(String input, Function<String, String> env, ShellLex options) {
        this.input = input.codePoints().toArray();
        this.env = env;
        this.options = options;
    }

    Result scan() {
        return scanUntil(EOF);
    }

    private int peek() {
        return pos < input.length ? input[pos] : EOF;
    }

    private int next() {
        return pos < input.length ? input[pos++] : EOF;
    }

    /** Processes until {@code stop} (consumed) or the end; a missing stop char is an error. */
    private Result scanUntil(int stop) {
        StringBuilder result = new StringBuilder();
        WordSplitter words = new WordSplitter();
        while (peek() != EOF) {
            int ch = peek();
            if (stop != EOF && ch == stop) {
                next();
                return new Result(result.toString(), words.words());
            }
            String special = switch (ch) {
                case '\'' -> singleQuoted();
                case '"' -> doubleQuoted();
                case '$' -> dollar();
                case '<' -> options.heredocWords() ? possibleHeredoc() : null;
                default -> null;
            };
            if (special != null) {
                result.append(special);
                if (ch == '$') {
                    words.addString(special);
                } else {
                    words.addRaw(special);
                }
                continue;
            }
            ch = next();
            if (ch == options.escape()) {
                if (options.rawEscapes()) {
                    words.addRawChar(ch);
                    result.appendCodePoint(ch);
                }
                ch = next();
                if (ch == EOF) {
                    break; // an escape at the very end is dropped
                }
                words.addRawChar(ch);
            } else {
                words.addChar(ch);
            }
            result.appendCodePoint(ch);
        }
        if (stop != EOF) {
            throw new LexError("unexpected end of statement while looking for matching " + Character.toString(stop));
        }
        return new Result(result.toString(), words.words());
    }

    /** Everything up to the next {@code '} literally; nothing can be escaped. */
    private String singleQuoted() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            ch = next();
            if (ch == EOF) {
                throw new LexError("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                if (options.rawQuotes()) {
                    result.appendCodePoint(ch);
                }
                return result.toString();
            }
            result.appendCodePoint(ch);
        }
    }

    /** Up to the next {@code "}: substitutions happen; the escape token escapes only " $ and itself. */
    private String doubleQuoted() {
        StringBuilder result = new StringBuilder();
        int ch = next();
        if (options.rawQuotes()) {
            result.appendCodePoint(ch);
        }
        while (true) {
            switch (peek()) {
                case EOF -> throw new LexError("unexpected end of statement while looking for matching double-quote");
                case '"' -> {
                    ch = next();
                    if (options.rawQuotes()) {
                        result.appendCodePoint(ch);
                    }
                    return result.toString();
                }
                case '$' -> result.append(dollar());
                default -> {
                    ch = next();
                    if (ch == options.escape()) {
                        if (options.rawEscapes()) {
                            result.appendCodePoint(ch);
                        }
                        int after = peek();
                        if (after == EOF) {
                            continue; // the loop then reports the missing quote
                        }
                        if (after == '"' || after == '$' || after == options.escape()) {
                            ch = next();
                        }
                    }
                    result.appendCodePoint(ch);
                }
            }
        }
    }

    /** {@code <<} plus any blanks after it stay one word, so {@code << EOF} is seen as a heredoc. */
    private String possibleHeredoc() {
        next();
        if (peek() != '<') {
            return "<";
        }
        next();
        StringBuilder result = new StringBuilder("<<");
        while (peek() == ' ' || peek() == '\t') {
            result.appendCodePoint(next());
        }
        return result.toString();
    }

    private String dollar() {
        next();
        if (peek() != '{') {
            String name = name();
            if (name.isEmpty()) {
                return "$";
            }
            String value = env.apply(name);
            if (value == null && options.skipUnsetEnv()) {
                return "$" + name;
            }
            return value == null ? "" : value;
        }
        next();
        int first = peek();
        if (first == EOF) {
            throw new LexError("syntax error: missing '}'");
        }
        if (first == '{' || first == '}' || first == ':') {
            throw new LexError("syntax error: bad substitution");
        }
        String name = name();
        int ch = next();
        if (ch == '}') {
            String value = env.apply(name);
            if (value == null && options.skipUnsetEnv()) {
                return "${" + name + "}";
            }
            return value == null ? "" : value;
        }
        if (ch == EOF) {
            throw new LexError("syntax error: missing '}'");
        }
        return Substitution.apply(this, name, ch);
    }

    /** The word of {@code ${NAME<op>word}}, itself processed, up to the closing brace. */
    String substitutionWord() {
        try {
            return scanUntil('}').word();
        } catch (LexError e) {
            if (peek() == EOF) {
                throw new LexError("syntax error: missing '}'");
            }
            throw e;
        }
    }

    int nextChar() {
        return next();
    }

    String lookup(String name) {
        return env.apply(name);
    }

    boolean skipUnsetEnv() {
        return options.skipUnsetEnv();
    }

    /** A variable name: letters, digits and _; or a run of digits; or one special parameter. */
    private String name() {
        StringBuilder name = new StringBuilder();
        while (peek() != EOF) {
            int ch = peek();
            if (name.isEmpty() && Character.isDigit(ch)) {
                while (peek() != EOF && Character.isDigit(peek())) {
                    name.appendCodePoint(next());
                }
                return name.toString();
            }
            if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
                return Character.toString(next());
            }
            if (!Character.isLetterOrDigit(ch) && ch != '_') {
                break;
            }
            name.appendCodePoint(next());
        }
        return name.toString();
    }

    /** Docker's word accumulator: unquoted blanks split words, quoted text never does. */
    private static final class WordSplitter {
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;

        void addChar(int ch) {
            if (GoText.isSpace(ch) && inWord) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (!GoText.isSpace(ch)) {
                addRawChar(ch);
            }
        }

        void addRawChar(int ch) {
            word.appendCodePoint(ch);
            inWord = true;
        }

        void addString(String s) {
            s.codePoints().forEach(this::addChar);
        }

        void addRaw(String s) {
            word.append(s);
            inWord = true;
        }

        List<String> words() {
            if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
                inWord = false;
            }
            return words;
        }
    }
}
