package dev.layerlab.runtime.network;

import java.util.Locale;
import java.util.regex.Pattern;

/** Names the embedded DNS answers for: compared without case and without a trailing dot. */
final class DnsNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,252}");

    private DnsNames() {
    }

    static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    static String normal(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
