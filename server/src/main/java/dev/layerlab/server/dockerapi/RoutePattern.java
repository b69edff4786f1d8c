package dev.layerlab.server.dockerapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path such as {@code /images/{name}/json}. Like Docker's own routes ({@code {name:.*}}) a parameter
 * may span slashes: image names are {@code localhost:5000/a/b:tag}. Each parameter is greedy, so the
 * literal suffix is matched at the end of the path: {@code /images/x/json/json} names image
 * {@code x/json}. {@link ApiRouter} tries patterns with more literal text first, so
 * {@code /containers/{id}/attach/ws} wins over a hypothetical {@code /containers/{id}/ws}.
 */
final class RoutePattern {
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9]*)}");

    private final String text;
    private final Pattern regex;
    private final List<String> names = new ArrayList<>();
    private final int literalLength;

    RoutePattern(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("route must start with /: " + text);
        }
        this.text = text;
        StringBuilder re = new StringBuilder("^");
        int literal = 0;
        int last = 0;
        Matcher m = PARAM.matcher(text);
        while (m.find()) {
            if (m.start() == last && last > 0) {
                throw new IllegalArgumentException("two parameters without a separator: " + text);
            }
            re.append(Pattern.quote(text.substring(last, m.start())));
            literal += m.start() - last;
            re.append("(.+)");
            names.add(m.group(1));
            last = m.end();
        }
        re.append(Pattern.quote(text.substring(last))).append('$');
        this.literalLength = literal + text.length() - last;
        this.regex = Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** The parameters by name, or null when the (decoded, unversioned) path does not match. */
    Map<String, String> match(String path) {
        Matcher m = regex.matcher(path);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), m.group(i + 1));
        }
        return params;
    }

    boolean hasParams() {
        return !names.isEmpty();
    }

    int literalLength() {
        return literalLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
