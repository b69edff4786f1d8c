package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.regex.Pattern;

/**
 * Go's {@code filepath.Match} globs on Linux, turned into Java regexes: {@code *} is any run of
 * non-{@code /} characters, {@code ?} one non-{@code /} character, {@code [...]} a class
 * ({@code ^} negates, {@code a-z} ranges), {@code \} escapes the next character. Docker uses this
 * syntax for COPY sources and, with {@code **} added, for .dockerignore.
 */
final class GoGlob {
    /** Go's filepath.ErrBadPattern text. */
    static final String BAD_PATTERN = "syntax error in pattern";

    private GoGlob() {
    }

    /** Whether {@code pattern} has an unescaped {@code *}, {@code ?} or {@code [} (Docker's containsWildcards). */
    static boolean hasWildcards(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?' || c == '[') {
                return true;
            }
        }
        return false;
    }

    /** filepath.Match(pattern, name); a malformed pattern is an InvalidArgumentException. */
    static boolean matches(String pattern, String name) {
        return compile(pattern, false).matcher(name).matches();
    }

    /**
     * The regex for a whole pattern. With {@code doubleStar}, {@code **} follows moby's
     * .dockerignore rule: any number of path components (zero included), {@code **}{@code /} eating
     * its slash, and a trailing {@code **} matching everything below.
     */
    static Pattern compile(String pattern, boolean doubleStar) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            switch (c) {
                case '*' -> {
                    if (doubleStar && i + 1 < n && pattern.charAt(i + 1) == '*') {
                        i += 2;
                        if (i < n && pattern.charAt(i) == '/') {
                            i++;
                        }
                        re.append(i == n ? ".*" : "(?:.*/)?");
                        continue;
                    }
                    re.append("[^/]*");
                }
                case '?' -> re.append("[^/]");
                case '\\' -> {
                    if (i + 1 >= n) {
                        throw bad(pattern);
                    }
                    i++;
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
                }
                case '[' -> {
                    i = charClass(pattern, i + 1, re);
                    continue;
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
            i++;
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** Translates a class starting after its '['; returns the index after its ']'. */
    private static int charClass(String pattern, int i, StringBuilder re) {
        int n = pattern.length();
        re.append('[');
        if (i < n && pattern.charAt(i) == '^') {
            re.append('^');
            i++;
        }
        int ranges = 0;
        while (true) {
            if (i >= n) {
                throw bad(pattern);
            }
            if (pattern.charAt(i) == ']' && ranges > 0) {
                re.append(']');
                return i + 1;
            }
            int[] lo = classChar(pattern, i);
            i = lo[1];
            int hi = lo[0];
            if (i < n && pattern.charAt(i) == '-') {
                int[] h = classChar(pattern, i + 1);
                hi = h[0];
                i = h[1];
                if (hi < lo[0]) {
                    throw bad(pattern);
                }
            }
            re.append(escapeInClass(lo[0])).append('-').append(escapeInClass(hi));
            ranges++;
        }
    }

    /** One class character (Go's getEsc): {code point, next index}; a bare '-' or ']' is malformed. */
    private static int[] classChar(String pattern, int i) {
        int n = pattern.length();
        if (i >= n || pattern.charAt(i) == '-' || pattern.charAt(i) == ']') {
            throw bad(pattern);
        }
        if (pattern.charAt(i) == '\\') {
            i++;
            if (i >= n) {
                throw bad(pattern);
            }
        }
        int cp = pattern.codePointAt(i);
        return new int[]{cp, i + Character.charCount(cp)};
    }

    private static String escapeInClass(int cp) {
        return String.format("\\x{%x}", cp);
    }

    private static InvalidArgumentException bad(String pattern) {
        return new InvalidArgumentException(BAD_PATTERN + ": " + pattern);
    }
}
