package dev.layerlab.server.web;

import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.PortBinding;

import java.util.ArrayList;
import java.util.List;

/** The ports a sandbox's running containers publish: what the page links to and what /ports/ may reach. */
record PublishedPorts(String container, PortBinding binding) {
    static List<PublishedPorts> of(Space space) {
        List<PublishedPorts> out = new ArrayList<>();
        for (ContainerRecord c : space.containers().list()) {
            if (c.state().isRunning() && c.state().ports() != null) {
                c.state().ports().forEach(p -> out.add(new PublishedPorts(c.name(), p)));
            }
        }
        return out;
    }
}
