package dev.layerlab.runtime.build.dockerfile;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser directives ({@code # escape=`}, {@code # syntax=...}) and the escape token they set. Only
 * lines at the very top count: the first line that is not a known directive ends the search
 * (Docker 20.10 / buildkit v0.8 rules; {@code syntax} is accepted and ignored).
 */
final class Directives {
    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Set<String> KNOWN = Set.of("escape", "syntax");

    private final Set<String> seen = new HashSet<>();
    private boolean done;
    private char escape;
    private Pattern continuation;

    Directives(char escape, boolean lookForDirectives) {
        setEscape(escape);
        this.done = !lookForDirectives;
    }

    char escape() {
        return escape;
    }

    /** Looks at one (left-trimmed) line while still in the directive block. */
    void offer(String line) {
        if (done) {
            return;
        }
        Matcher m = DIRECTIVE.matcher(line);
        if (!m.matches()) {
            done = true;
            return;
        }
        String key = m.group(1).toLowerCase(Locale.ROOT);
        if (!KNOWN.contains(key)) {
            done = true;
            return;
        }
        if (!seen.add(key)) {
            throw new DockerfileException("only one " + key + " parser directive can be used");
        }
        if (key.equals("escape")) {
            String value = m.group(2);
            if (!value.equals("`") && !value.equals("\\")) {
                throw new DockerfileException("invalid escape token '" + value + "' does not match ` or \\");
            }
            setEscape(value.charAt(0));
        }
    }

    /**
     * Removes a trailing escape token (plus blanks after it) that continues the line; null when the
     * line does not continue. As Docker, "foo \\\" is not recognised as an escaped escape.
     */
    String stripContinuation(String line) {
        Matcher m = continuation.matcher(line);
        if (!m.find()) {
            return null;
        }
        return line.substring(0, m.start()) + (m.group(1) == null ? "" : m.group(1));
    }

    private void setEscape(char token) {
        this.escape = token;
        String e = Pattern.quote(String.valueOf(token));
        String notE = token == '\\' ? "[^\\\\]" : "[^`]";
        this.continuation = Pattern.compile("(" + notE + ")" + e + "[ \t]*\\z|^" + e + "[ \t]*\\z");
    }
}
