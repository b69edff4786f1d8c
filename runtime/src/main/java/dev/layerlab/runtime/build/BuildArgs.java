package dev.layerlab.runtime.build;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Docker's ARG rules. {@code --build-arg} values override defaults; an ARG is only visible after it is
 * declared, and a stage sees the ARGs declared before the first FROM ("meta args") only if it declares
 * them again. The proxy variables are predefined: usable without a declaration, left out of history.
 * A {@code --build-arg} nothing declared is reported at the end, as Docker's warning does.
 */
final class BuildArgs {
    static final Set<String> PREDEFINED = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
            "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Map<String, String> given;
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Set<String> consumed = new HashSet<>();

    BuildArgs(Map<String, String> given) {
        this.given = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            if (v != null) {
                this.given.put(k, v);
            }
        });
        given.keySet().stream().filter(PREDEFINED::contains).forEach(consumed::add);
    }

    /** An ARG before the first FROM; its default may use earlier meta args. */
    void declareMeta(String name, String defaultValue) {
        consumed.add(name);
        String value = given.containsKey(name) ? given.get(name) : defaultValue;
        meta.put(name, value);
    }

    /** Meta args with a value, for expanding FROM lines. */
    String metaValue(String name) {
        return meta.get(name);
    }

    /** A fresh scope for a stage. */
    Scope newScope() {
        return new Scope();
    }

    /** Build args given but never declared, sorted: Docker's "[Warning] One or more build-args [...] were not consumed". */
    List<String> unconsumed() {
        return given.keySet().stream().filter(k -> !consumed.contains(k)).sorted().toList();
    }

    /** The ARGs a stage has declared so far, with their values. */
    final class Scope {
        private final Map<String, String> values = new LinkedHashMap<>();

        /** Declares {@code name}: a given value wins, then the default, then a meta arg of that name. */
        void declare(String name, String defaultValue) {
            consumed.add(name);
            String value = given.containsKey(name) ? given.get(name)
                    : defaultValue != null ? defaultValue : meta.get(name);
            values.put(name, value);
        }

        /** The value for expansion in the Dockerfile: declared ARGs and given predefined ones. */
        String value(String name) {
            if (values.containsKey(name)) {
                return values.get(name);
            }
            return PREDEFINED.contains(name) ? given.get(name) : null;
        }

        /**
         * The ARGs a RUN sees as environment (those with a value that no ENV of the image overrides), sorted by
         * name; {@code withPredefined} adds the given proxy variables, which history leaves out.
         */
        Map<String, String> forRun(Set<String> envKeys, boolean withPredefined) {
            Map<String, String> out = new TreeMap<>();
            values.forEach((k, v) -> {
                if (v != null && !envKeys.contains(k)) {
                    out.put(k, v);
                }
            });
            if (withPredefined) {
                given.forEach((k, v) -> {
                    if (PREDEFINED.contains(k) && !values.containsKey(k) && !envKeys.contains(k)) {
                        out.put(k, v);
                    }
                });
            }
            return out;
        }
    }
}
