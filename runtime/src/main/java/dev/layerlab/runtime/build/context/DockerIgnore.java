package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Docker's .dockerignore rules (the CLI's dockerignore.ReadAll plus moby/patternmatcher): one pattern
 * a line, {@code #} lines are comments, whitespace trimmed, each pattern cleaned like Go's
 * filepath.Clean with a leading {@code /} dropped. Globs are filepath.Match plus {@code **}. A path is
 * excluded when the last pattern matching it or one of its parent directories is not an exception
 * ({@code !}); so an excluded directory excludes its contents unless a later exception re-includes
 * something below it.
 */
public final class DockerIgnore {
    private record Rule(String cleaned, Pattern regex, boolean exception) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = rules;
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    /** Parses a .dockerignore; a malformed glob or a lone "!" is an InvalidArgumentException. */
    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        for (String line : body.split("\r?\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            String p = line.strip();
            if (p.isEmpty()) {
                continue;
            }
            boolean exception = p.charAt(0) == '!';
            if (exception) {
                p = p.substring(1).strip();
                if (p.isEmpty()) {
                    throw new InvalidArgumentException("illegal exclusion pattern: \"!\"");
                }
            }
            p = GoPaths.clean(p);
            if (p.length() > 1 && p.startsWith("/")) {
                p = p.substring(1);
            }
            rules.add(new Rule(p, GoGlob.compile(p, true), exception));
        }
        return new DockerIgnore(List.copyOf(rules));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether {@code relativePath} ("a/b/c.txt", no leading slash) is left out of the context. */
    public boolean excluded(String relativePath) {
        String path = GoPaths.clean(relativePath);
        List<String> parents = parentsOf(path);
        boolean excluded = false;
        for (Rule r : rules) {
            boolean match = r.regex.matcher(path).matches();
            for (int i = 0; !match && i < parents.size(); i++) {
                match = r.regex.matcher(parents.get(i)).matches();
            }
            if (match) {
                excluded = !r.exception;
            }
        }
        return excluded;
    }

    /**
     * Whether an excluded directory must still be walked: some exception pattern starts with it (the
     * CLI's check before it skips a directory; an exception like {@code !**}{@code /x} does not count).
     */
    public boolean mayReincludeBelow(String relativeDir) {
        String prefix = GoPaths.clean(relativeDir) + "/";
        for (Rule r : rules) {
            if (r.exception && (r.cleaned + "/").startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** "a/b/c" -> ["a", "a/b"]. */
    private static List<String> parentsOf(String path) {
        List<String> out = new ArrayList<>();
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            out.add(path.substring(0, i));
        }
        return out;
    }
}
