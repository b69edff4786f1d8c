package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --link target[:alias]} on the sandbox's bridge, as Docker does it there: the target must exist at
 * create (it is then held by ID, so a rename follows it), must run when the linking container starts, and
 * its alias, hostname and name go into the linking container's /etc/hosts with its address. Docker's legacy
 * link environment variables ({@code ALIAS_PORT_80_TCP...}) are not set.
 */
public final class ContainerLinks {
    private ContainerLinks() {
    }

    /** The links as given ({@code name[:alias]}, or {@code /name:/parent/alias}) resolved to {@code id:alias}. */
    static List<String> resolve(List<String> asked, ContainerStore store) {
        List<String> out = new ArrayList<>();
        for (String link : asked) {
            String[] parts = link.split(":", -1);
            if (link.isEmpty() || parts.length > 2) {
                throw new InvalidArgumentException("bad format for links: " + link);
            }
            String name = parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
            String alias = parts.length == 1 ? name : parts[1].substring(parts[1].lastIndexOf('/') + 1);
            if (name.isEmpty() || !alias.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
                throw new InvalidArgumentException("bad format for links: " + link);
            }
            Container target;
            try {
                target = store.get(name);
            } catch (NotFoundException e) {
                // Docker answers 400, not 404: a 404 would make the CLI try to pull the image.
                throw new InvalidArgumentException("could not get container for " + name + ": " + e.getMessage());
            }
            out.add(target.id() + ":" + alias);
        }
        return out;
    }

    /**
     * The /etc/hosts lines of {@code rec}'s links ({@code ip\talias hostname name}); a removed target is
     * skipped as Docker drops its link, one that is not running fails the start with Docker's sentence.
     */
    static List<String> hostLines(ContainerRecord rec, ContainerStore store) {
        List<String> lines = new ArrayList<>();
        for (String link : rec.config().options().links()) {
            int colon = link.indexOf(':');
            String alias = link.substring(colon + 1);
            ContainerRecord target;
            try {
                target = store.get(link.substring(0, colon)).record();
            } catch (NotFoundException e) {
                continue;
            }
            if (!target.state().isRunning() || target.state().ip().isEmpty()) {
                throw new InvalidArgumentException("Cannot link to a non running container: /" + target.name()
                        + " AS /" + rec.name() + "/" + alias);
            }
            String names = alias + " " + target.effective().hostname()
                    + (alias.equals(target.name()) ? "" : " " + target.name());
            lines.add(target.state().ip() + "\t" + names);
        }
        return lines;
    }

    /** {@code docker inspect}'s HostConfig.Links: {@code /target:/container/alias}, with current names. */
    public static List<String> shown(ContainerRecord rec, ContainerStore store) {
        List<String> out = new ArrayList<>();
        for (String link : rec.config().options().links()) {
            int colon = link.indexOf(':');
            try {
                out.add("/" + store.get(link.substring(0, colon)).record().name() + ":/" + rec.name() + "/"
                        + link.substring(colon + 1));
            } catch (NotFoundException e) {
                // removed since: Docker drops the link with it
            }
        }
        return out;
    }
}
