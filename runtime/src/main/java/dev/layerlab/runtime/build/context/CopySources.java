package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.layer.RootedPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Docker's rules for the sources of COPY/ADD (moby 20.10 builder/dockerfile/copy.go calcCopyInfo):
 * a leading "/" and then "./" are dropped; a pattern with {@code * ? [} is matched with Go's
 * filepath.Match against the relative path of every entry of the tree (walked without following
 * symlinks); anything else is one path, resolved inside the root with symlinks followed but never out
 * of it.
 */
public final class CopySources {
    private CopySources() {
    }

    /** Sources from the build context. */
    public static List<CopySource> match(Path root, List<String> patterns, String instruction) throws IOException {
        return match(root, patterns, instruction, true);
    }

    /**
     * {@code fromContext} false is for {@code --from} (another stage or image): Docker then reports a
     * missing literal without the hint about the build context and .dockerignore.
     */
    public static List<CopySource> match(Path root, List<String> patterns, String instruction, boolean fromContext)
            throws IOException {
        List<CopySource> out = new ArrayList<>();
        for (String pattern : patterns) {
            String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
            p = p.startsWith("./") ? p.substring(2) : p;
            if (GoGlob.hasWildcards(p)) {
                for (String rel : walkMatching(root, p)) {
                    // Each match is then stat'ed like a literal: a dangling symlink fails the instruction.
                    out.add(literal(root, rel, instruction, fromContext));
                }
            } else {
                out.add(literal(root, p, instruction, fromContext));
            }
        }
        if (out.isEmpty()) {
            throw new InvalidArgumentException(instruction + " failed: no source files were specified");
        }
        return List.copyOf(out);
    }

    /** A content checksum for the build cache: "file:", "dir:" or "multi:" and 64 hex digits. */
    public static String checksum(List<CopySource> sources) throws IOException {
        return SourceChecksum.of(sources);
    }

    private static CopySource literal(Path root, String p, String instruction, boolean fromContext)
            throws IOException {
        Path resolved = RootedPath.resolve(root, p);
        if (!Files.exists(resolved, LinkOption.NOFOLLOW_LINKS)) {
            String stat = "stat " + p + ": file does not exist";
            throw new NotFoundException(instruction + " failed: "
                    + (fromContext ? "file not found in build context or excluded by .dockerignore: " : "") + stat);
        }
        return new CopySource(root, relative(p));
    }

    /** Relative paths under root, in filepath.Walk's lexical order, that match the pattern. */
    private static List<String> walkMatching(Path root, String pattern) throws IOException {
        GoGlob.compile(pattern, false); // a malformed pattern fails even when nothing would be compared
        int depth = pattern.split("/", -1).length;
        List<String> matches = new ArrayList<>();
        walk(root, "", depth, pattern, matches);
        return matches;
    }

    private static void walk(Path dir, String prefix, int depthLeft, String pattern, List<String> out)
            throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String rel = prefix + child.getFileName();
            if (GoGlob.matches(pattern, rel)) {
                out.add(rel);
            }
            // A match can only be as deep as the pattern has components ('*' never matches '/').
            if (depthLeft > 1 && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                walk(child, rel + "/", depthLeft - 1, pattern, out);
            }
        }
    }

    private static String relative(String p) {
        String clean = GoPaths.clean(p);
        while (clean.startsWith("/")) {
            clean = clean.length() == 1 ? "." : clean.substring(1);
        }
        return clean;
    }
}
