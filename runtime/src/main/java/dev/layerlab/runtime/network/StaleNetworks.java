package dev.layerlab.runtime.network;

import dev.layerlab.runtime.error.EngineException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds sandbox networks by their names alone, so leftovers of a crashed engine can be removed
 * without any record of them: namespaces {@code ll-<sandbox>} and {@code llc-<sandbox>-<container>},
 * and root-side uplinks {@code ll<sandbox>} in the uplink device group.
 */
final class StaleNetworks {
    private static final Pattern SANDBOX_NETNS = Pattern.compile("ll-([a-z0-9]{1,12})");
    private static final Pattern CONTAINER_NETNS = Pattern.compile("llc-([a-z0-9]{1,12})-[0-9a-f]{12}");
    private static final Pattern UPLINK = Pattern.compile("\\d+: ll([a-z0-9]{1,12})[@:].*");

    private StaleNetworks() {
    }

    static void remove(Set<String> keepSandboxIds) {
        List<String> stale = new ArrayList<>();
        String links = Commands.run(List.of("ip", "-o", "link", "show", "group", Integer.toString(HostFirewall.UPLINK_GROUP)), List.of());
        for (String line : links.lines().toList()) {
            Matcher m = UPLINK.matcher(line);
            if (m.matches() && !keepSandboxIds.contains(m.group(1))) {
                stale.add("ll" + m.group(1));
            }
        }
        deleteLinks(stale);
        // Namespaces second: deleting one also deletes its uplink, but later, asynchronously.
        for (String name : Netns.list()) {
            String owner = ownerOf(name);
            if (owner != null && !keepSandboxIds.contains(owner)) {
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
