package dev.layerlab.runtime.build.dockerfile;

import java.util.regex.Pattern;

/**
 * A here-document of RUN, COPY or ADD (buildkit's syntax, accepted always).
 *
 * @param name    the delimiter word without quotes; for COPY/ADD also the source file name
 * @param content the body exactly as written, every line with its newline, terminator excluded
 * @param expand  false when any part of the delimiter was quoted ({@code <<"EOF"}, {@code <<'EOF'})
 * @param chomp   {@code <<-}: leading tabs are stripped from the body (see {@link #chompedContent()})
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {
    private static final Pattern LEADING_TABS = Pattern.compile("(?m)^\t+");

    /** The body as it is used: with leading tabs of every line removed when {@link #chomp()} is set. */
    public String chompedContent() {
        return chomp ? LEADING_TABS.matcher(content).replaceAll("") : content;
    }
}
