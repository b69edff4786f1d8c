package dev.layerlab.runtime.container;

import java.util.ArrayList;
import java.util.List;

/** The environment a container or exec process really gets, built the way Docker builds it. */
final class ProcessEnv {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ProcessEnv() {
    }

    /** PATH (unless set), HOSTNAME, TERM for a terminal, the configured env, HOME (unless set). */
    static List<String> build(List<String> configured, String hostname, boolean tty, String home) {
        List<String> env = new ArrayList<>();
        if (!hasKey(configured, "PATH")) {
            env.add(DEFAULT_PATH);
        }
        env.add("HOSTNAME=" + hostname);
        if (tty) {
            env.add("TERM=xterm");
        }
        env.addAll(configured);
        if (!hasKey(configured, "HOME")) {
            env.add("HOME=" + home);
        }
        return env;
    }

    static boolean hasKey(List<String> env, String key) {
        return env.stream().anyMatch(e -> e.equals(key) || e.startsWith(key + "="));
    }
}
