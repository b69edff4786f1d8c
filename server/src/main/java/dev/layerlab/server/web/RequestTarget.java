package dev.layerlab.server.web;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * The request-target forwarded to a learner's app: the raw path after {@code /ports/<port>} and the raw
 * query, still percent-encoded as the browser sent them, never decoded (a decoded {@code %0d%0a} would
 * end the request line and start a header of the attacker's choosing). Anything that is not a valid
 * origin-form target (RFC 9112 3.2.1: pchars, "/", "?" and percent escapes) is refused, and so are
 * escapes of control characters, which no app should ever have to decode.
 */
final class RequestTarget {
    private RequestTarget() {
    }

    /**
     * @param rawUri   the request's path as received ({@code /ports/5000/a%20b}), without the query
     * @param prefix   {@code /ports/5000}
     * @param rawQuery the query as received, or null
     */
    static String of(String rawUri, String prefix, String rawQuery) {
        if (!rawUri.startsWith(prefix)) {
            throw new InvalidArgumentException("not a port link: " + printable(rawUri));
        }
        String path = rawUri.substring(prefix.length());
        if (path.isEmpty()) {
            path = "/";
        }
        check(path, false);
        if (rawQuery == null) {
            return path;
        }
        check(rawQuery, true);
        return path + "?" + rawQuery;
    }

    private static void check(String part, boolean query) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c == '%') {
                int value = i + 2 < part.length() ? hex(part.charAt(i + 1)) << 4 | hex(part.charAt(i + 2)) : -1;
                if (value < 0) {
                    throw new InvalidArgumentException("bad percent escape in the path: " + printable(part));
                }
                if (value < 0x20 || value == 0x7f) {
                    throw new InvalidArgumentException("control characters (%" + part.substring(i + 1, i + 3)
                            + ") are not forwarded to your app");
                }
                i += 2;
            } else if (!allowed(c, query)) {
                throw new InvalidArgumentException("not a valid request target: " + printable(part));
            }
        }
    }

    /** RFC 3986 pchar (unreserved, sub-delims, ":", "@") plus "/", and "?" in the query. */
    private static boolean allowed(char c, boolean query) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0 || (query && c == '?');
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -256;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(cp -> b.append(cp < 0x20 || cp == 0x7f ? String.format("\\x%02x", cp) : Character.toString(cp)));
        return b.toString();
    }
}
