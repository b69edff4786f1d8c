package dev.layerlab.runtime.build;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code created_by} text the legacy builder records in history, which is also what its cache
 * compares: a RUN is its command line (prefixed by the build arguments in use, {@code |1 A=b /bin/sh -c ...}),
 * other steps are a {@code #(nop)} comment behind the shell ({@code /bin/sh -c #(nop)  CMD ["node" "app.js"]}).
 * Spaces and quoting as Docker writes them, so {@code docker history} reads the same.
 */
final class CreatedBy {
    private CreatedBy() {
    }

    /** A RUN: {@code argv} joined, with {@code |N k=v ...} in front when build arguments are in use. */
    static String run(List<String> argv, Map<String, String> args) {
        String cmd = String.join(" ", argv);
        if (args.isEmpty()) {
            return cmd;
        }
        String pairs = args.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return "|" + args.size() + " " + pairs + " " + cmd;
    }

    /** A RUN without its build-argument prefix: the same instruction with other argument values. */
    static String runShape(List<String> argv) {
        return String.join(" ", argv);
    }

    /** A metadata step (ENV, CMD, LABEL...): two spaces after {@code #(nop)}, as Docker writes them. */
    static String metadata(List<String> shell, String comment) {
        return String.join(" ", shell) + " #(nop)  " + comment;
    }

    /** COPY/ADD/WORKDIR: one space after {@code #(nop)}; COPY and ADD end with a space, as Docker's do. */
    static String fileStep(List<String> shell, String comment) {
        return String.join(" ", shell) + " #(nop) " + comment;
    }

    /** {@code COPY --chown=x file:<sum> in /dest }. */
    static String copy(List<String> shell, String instruction, String flags, String checksum, String dest) {
        return fileStep(shell, instruction + " " + flags + checksum + " in " + dest + " ");
    }

    /** Go's {@code %q} of a string slice: {@code ["a" "b"]}. */
    static String quotedList(List<String> items) {
        return items.stream().map(CreatedBy::goQuote).collect(Collectors.joining(" ", "[", "]"));
    }

    /** Go's {@code %v} of a string slice: {@code [a b]}. */
    static String plainList(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    static String goQuote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
