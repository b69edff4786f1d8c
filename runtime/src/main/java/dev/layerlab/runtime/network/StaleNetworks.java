package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds sandbox networks by their names, so an engine can remove what its own crashed run left
 * (it knows those sandbox ids from its spaces): namespaces {@code ll-<sandbox>} and
 * {@code llc-<sandbox>-<container>}, and root-side uplinks {@code ll<sandbox>}.
 */
final class StaleNetworks {
    private static final Pattern SANDBOX_NETNS = Pattern.compile("ll-([a-z0-9]{1,12})");
    private static final Pattern CONTAINER_NETNS = Pattern.compile("llc-([a-z0-9]{1,12})-[0-9a-f]{12}");

    private StaleNetworks() {
    }

    /** Removes the networks of exactly these sandboxes (an engine's own, after it crashed). */
    static void removeOnly(Set<String> sandboxIds) {
        if (sandboxIds.isEmpty()) {
            return;
        }
        deleteLinks(sandboxIds.stream().map(id -> "ll" + id)
                .filter(n -> Files.exists(Path.of("/sys/class/net", n))).toList());
        for (String name : Netns.list()) {
            if (sandboxIds.contains(ownerOf(name))) {
                Netns.delete(name);
            }
        }
    }

    /** An uplink may vanish on its own meanwhile (its namespace's deletion completing): only what remains counts. */
    private static void deleteLinks(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        try {
            Commands.run(List.of("ip", "-force", "-batch", "-"), names.stream().map(n -> "link del " + n).toList());
        } catch (EngineException e) {
            if (names.stream().anyMatch(n -> Files.exists(Path.of("/sys/class/net", n)))) {
                throw e;
            }
        }
    }

    /** The sandbox a namespace name belongs to, or null if it is not one of ours. */
    static String ownerOf(String netnsName) {
        Matcher m = SANDBOX_NETNS.matcher(netnsName);
        if (m.matches()) {
            return m.group(1);
        }
        m = CONTAINER_NETNS.matcher(netnsName);
        return m.matches() ? m.group(1) : null;
    }
}
