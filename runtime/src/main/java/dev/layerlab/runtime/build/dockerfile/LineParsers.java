package dev.layerlab.runtime.build.dockerfile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns one joined instruction line into a {@link Node} (buildkit {@code parser/line_parsers.go} and
 * {@code split_command.go}): the keyword picks how the arguments are split. Quotes are kept here;
 * unknown keywords parse with no arguments and are refused later, as Docker does.
 */
final class LineParsers {
    private static final ObjectReader JSON = Json.MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only";

    private record Parsed(List<String> args, boolean json) {
        static final Parsed NONE = new Parsed(List.of(), false);
    }

    private LineParsers() {
    }

    static Node nodeFromLine(String line, char escape) {
        String[] parts = GoText.WHITESPACE.split(GoText.trimSpace(line), 2);
        String keyword = parts[0].toLowerCase(Locale.ROOT);
        List<String> flags = List.of();
        String rest = "";
        if (parts.length == 2) {
            FlagSplitter.Split split = FlagSplitter.split(parts[1], escape);
            flags = List.copyOf(split.flags());
            rest = GoText.trimSpace(split.rest());
        }
        if (keyword.equals("onbuild")) {
            if (rest.isEmpty()) {
                return new Node(keyword, line, flags, List.of(), false, null, 0, List.of());
            }
            Node child = nodeFromLine(rest, escape);
            List<String> args = new ArrayList<>();
            args.add(child.keyword());
            args.addAll(child.args());
            return new Node(keyword, line, flags, List.copyOf(args), false, child, 0, List.of());
        }
        Parsed parsed = switch (keyword) {
            case "add", "copy", "volume" -> maybeJsonToList(rest);
            case "arg" -> new Parsed(words(rest, escape), false);
            case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest);
            case "env" -> new Parsed(nameValues(rest, "ENV", escape), false);
            case "label" -> new Parsed(nameValues(rest, "LABEL", escape), false);
            case "expose", "from" -> new Parsed(whitespaceDelimited(rest), false);
            case "healthcheck" -> healthConfig(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> rest.isEmpty() ? Parsed.NONE : new Parsed(List.of(rest), false);
            default -> Parsed.NONE;
        };
        return new Node(keyword, line, flags, parsed.args(), parsed.json(), null, 0, List.of());
    }

    /** A JSON array of strings, or null when {@code rest} is not a JSON array at all. */
    static List<String> jsonArray(String rest) {
        String trimmed = GoText.trimLeftSpace(rest);
        if (!trimmed.startsWith("[")) {
            return null;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(trimmed);
        } catch (IOException e) {
            return null;
        }
        if (tree == null || !tree.isArray()) {
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : tree) {
            if (!element.isTextual()) {
                throw new DockerfileException(NOT_STRING_ARRAY);
            }
            values.add(element.textValue());
        }
        return List.copyOf(values);
    }

    private static Parsed maybeJson(String rest) {
        if (rest.isEmpty()) {
            return Parsed.NONE;
        }
        List<String> json = jsonArray(rest);
        return json != null ? new Parsed(json, true) : new Parsed(List.of(rest), false);
    }

    private static Parsed maybeJsonToList(String rest) {
        List<String> json = jsonArray(rest);
        return json != null ? new Parsed(json, true) : new Parsed(whitespaceDelimited(rest), false);
    }

    static List<String> whitespaceDelimited(String rest) {
        return rest.isEmpty() ? List.of() : List.of(GoText.WHITESPACE.split(rest, -1));
    }

    /** HEALTHCHECK: the type word, then the command as RUN would split it. */
    private static Parsed healthConfig(String rest) {
        int sep = 0;
        while (sep < rest.length() && !GoText.isSpace(rest.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return Parsed.NONE;
        }
        int next = sep;
        while (next < rest.length() && GoText.isSpace(rest.charAt(next))) {
            next++;
        }
        Parsed cmd = maybeJson(rest.substring(next));
        List<String> args = new ArrayList<>();
        args.add(rest.substring(0, sep));
        args.addAll(cmd.args());
        return new Parsed(List.copyOf(args), cmd.json());
    }

    /**
     * ENV and LABEL: {@code KEY value...} (value = the rest, verbatim) when the first word has no
     * {@code =}, else {@code k=v k2="v 2"} words. Returned flat: key, value, key, value...
     */
    private static List<String> nameValues(String rest, String instruction, char escape) {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return List.of();
        }
        if (!words.getFirst().contains("=")) {
            String[] parts = GoText.WHITESPACE.split(rest, 2);
            if (parts.length < 2) {
                throw new DockerfileException(instruction + " must have two arguments");
            }
            return List.of(parts[0], parts[1]);
        }
        List<String> flat = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new DockerfileException("Syntax error - can't find = in " + GoText.quote(word)
                        + ". Must be of the form: name=value");
            }
            flat.addAll(Arrays.asList(word.substring(0, eq), word.substring(eq + 1)));
        }
        return List.copyOf(flat);
    }

    /** Space-separated words; quotes and escape tokens are kept (they are removed at expansion). */
    static List<String> words(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean blankOk = false;
        int quote = 0;
        int[] cps = rest.codePoints().toArray();
        int phase = 0; // 0 between words, 1 in a word, 2 in quotes
        for (int pos = 0; pos <= cps.length; pos++) {
            int ch = pos < cps.length ? cps[pos] : 0;
            if (phase == 0) {
                if (pos == cps.length) {
                    break;
                }
                if (GoText.isSpace(ch)) {
                    continue;
                }
                phase = 1;
            }
            if (pos == cps.length) {
                if (blankOk || !word.isEmpty()) {
                    words.add(word.toString());
                }
                break;
            }
            if (phase == 1) {
                if (GoText.isSpace(ch)) {
                    phase = 0;
                    if (blankOk || !word.isEmpty()) {
                        words.add(word.toString());
                    }
                    word.setLength(0);
                    blankOk = false;
                    continue;
                }
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                    blankOk = true;
                    phase = 2;
                }
                if (ch == escape) {
                    if (pos + 1 == cps.length) {
                        continue;
                    }
                    word.appendCodePoint(ch);
                    ch = cps[++pos];
                }
                word.appendCodePoint(ch);
                continue;
            }
            if (ch == quote) {
                phase = 1;
            }
            if (ch == escape && quote != '\'') {
                if (pos + 1 == cps.length) {
                    phase = 1;
                    continue;
                }
                word.appendCodePoint(ch);
                ch = cps[++pos];
            }
            word.appendCodePoint(ch);
        }
        return List.copyOf(words);
    }
}
