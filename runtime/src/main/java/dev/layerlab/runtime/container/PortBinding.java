package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;

/**
 * {@code -p hostIp:hostPort:containerPort/proto}. A host port of 0 means "any free port", chosen when
 * the container starts.
 */
public record PortBinding(int containerPort, String protocol, String hostIp, int hostPort) {
    public PortBinding {
        if (containerPort < 1 || containerPort > 65535 || hostPort < 0 || hostPort > 65535) {
            throw new InvalidArgumentException("invalid port mapping " + hostPort + ":" + containerPort);
        }
        protocol = protocol == null || protocol.isEmpty() ? "tcp" : protocol;
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new InvalidArgumentException("invalid protocol: " + protocol);
        }
        hostIp = hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
    }

    /** Docker's key for it: {@code 80/tcp}. */
    public String key() {
        return containerPort + "/" + protocol;
    }
}
