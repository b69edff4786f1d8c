package dev.layerlab.runtime.build.context;

import java.util.ArrayList;
import java.util.List;

/** Go's path.Clean and path.Join on slash-separated strings, as Docker applies them to Dockerfile paths. */
final class GoPaths {
    private GoPaths() {
    }

    /** Lexical cleaning: no "//", no ".", ".." folded where it can be, no trailing "/"; "" becomes ".". */
    static String clean(String path) {
        boolean rooted = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) {
                    out.removeLast();
                    continue;
                }
                if (rooted) {
                    continue;
                }
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Go's path.Join: the non-empty elements joined with "/" and cleaned. */
    static String join(String... parts) {
        List<String> nonEmpty = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isEmpty()) {
                nonEmpty.add(p);
            }
        }
        return nonEmpty.isEmpty() ? "" : clean(String.join("/", nonEmpty));
    }

    /** The last element of a cleaned path ("a/b" -> "b", "/" -> "/"). */
    static String base(String path) {
        String c = clean(path);
        if (c.equals("/")) {
            return c;
        }
        return c.substring(c.lastIndexOf('/') + 1);
    }
}
