package dev.layerlab.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** COPY and ADD: sources and destination, their flags, and heredoc sources (buildkit's parseSourcesAndDest). */
final class CopyParser {
    private CopyParser() {
    }

    static Command parse(Node n) {
        boolean copy = n.keyword().equals("copy");
        String instruction = n.keyword().toUpperCase(Locale.ROOT);
        List<String> args = n.args();
        if (args.size() < 2) {
            throw new DockerfileException(instruction
                    + " requires at least two arguments, but only one was provided. Destination could not be determined");
        }
        BuilderFlags flags = BuilderFlags.parse(n.flags(), copy ? Set.of("chown", "from", "chmod") : Set.of("chown", "chmod"));
        String dest = args.getLast();
        if (!n.json() && Heredocs.parseQuietly(dest) != null) {
            throw new DockerfileException(instruction + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> bodies = new HashMap<>();
        n.heredocs().forEach(doc -> bodies.put(doc.name(), doc));
        List<String> sources = new ArrayList<>();
        List<Heredoc> heredocs = new ArrayList<>();
        for (String src : args.subList(0, args.size() - 1)) {
            Heredoc doc = n.json() ? null : Heredocs.parseQuietly(src);
            if (doc == null) {
                sources.add(src);
            } else {
                Heredoc body = bodies.get(doc.name());
                heredocs.add(new Heredoc(doc.name(), body == null ? "" : body.content(), doc.expand(), doc.chomp()));
            }
        }
        if (copy) {
            return new Command.Copy(n.startLine(), n.original(), List.copyOf(sources), dest, flags.get("from"),
                    flags.get("chown"), flags.get("chmod"), List.copyOf(heredocs));
        }
        return new Command.Add(n.startLine(), n.original(), List.copyOf(sources), dest, flags.get("chown"),
                flags.get("chmod"), List.copyOf(heredocs));
    }
}
