package dev.layerlab.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the leading {@code --flag[=value]} words off an instruction's arguments (buildkit's
 * {@code extractBuilderFlags}): quotes inside a flag word are removed, the escape token escapes the
 * next character, a bare {@code --} ends the flags.
 */
final class FlagSplitter {
    /** The flag words (without their quotes) and the arguments after them. */
    record Split(List<String> flags, String rest) {
    }

    private FlagSplitter() {
    }

    static Split split(String line, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean inQuote = false;
        boolean blankOk = false;
        char quote = 0;
        int n = line.length();
        for (int pos = 0; pos <= n; pos++) {
            char ch = pos < n ? line.charAt(pos) : 0;
            if (!inWord && !inQuote) {
                if (pos == n) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                if (ch != '-' || pos + 1 == n || line.charAt(pos + 1) != '-') {
                    return new Split(words, line.substring(pos));
                }
                inWord = true;
            }
            if (pos == n) {
                String w = word.toString();
                if (!w.equals("--") && (blankOk || !w.isEmpty())) {
                    words.add(w);
                }
                break;
            }
            if (inWord) {
                if (GoText.isSpace(ch)) {
                    String w = word.toString();
                    inWord = false;
                    if (w.equals("--")) {
                        return new Split(words, line.substring(pos));
                    }
                    if (blankOk || !w.isEmpty()) {
                        words.add(w);
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    inWord = false;
                    inQuote = true;
                    continue;
                }
                if (ch == escape) {
                    if (pos + 1 == n) {
                        continue;
                    }
                    ch = line.charAt(++pos);
                }
                word.append(ch);
                continue;
            }
            // inside quotes
            if (ch == quote) {
                inQuote = false;
                inWord = true;
                continue;
            }
            if (ch == escape) {
                if (pos + 1 == n) {
                    inQuote = false;
                    inWord = true;
                    continue;
                }
                ch = line.charAt(++pos);
            }
            word.append(ch);
        }
        return new Split(words, "");
    }
}
