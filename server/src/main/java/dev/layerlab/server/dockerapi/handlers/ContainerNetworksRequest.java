package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.network.BridgeNetwork;
import dev.layerlab.runtime.network.EndpointRequest;
import dev.layerlab.runtime.network.Networks;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The networks a create body asks for: {@code HostConfig.NetworkMode} ({@code --network}, first) and
 * {@code NetworkingConfig.EndpointsConfig} ({@code --network-alias}, {@code --ip}, further networks of
 * CLI 25+), resolved against the sandbox's own networks before the container is made, with Docker's errors.
 */
final class ContainerNetworksRequest {
    private ContainerNetworksRequest() {
    }

    /** Empty: the default bridge as it is today (no record kept); else the endpoints, none for {@code none}. */
    static Optional<List<EndpointRequest>> resolve(JsonNode body, Networks networks) {
        String mode = body.path("HostConfig").path("NetworkMode").asText("");
        JsonNode configs = body.path("NetworkingConfig").path("EndpointsConfig");
        if (configs.size() > Networks.MAX_USER_NETWORKS + 1) {
            throw new InvalidArgumentException("a container can be on at most " + (Networks.MAX_USER_NETWORKS + 1)
                    + " networks in this playground");
        }
        Map<String, JsonNode> asked = new LinkedHashMap<>();
        if (!mode.isEmpty() && !mode.equals("default")) {
            asked.put(mode, configs.path(mode));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = configs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            asked.putIfAbsent(e.getKey().equals("default") ? Networks.BRIDGE : e.getKey(), e.getValue());
        }
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        if (asked.keySet().stream().anyMatch(k -> networks.find(k).isEmpty()
                && networks.predefinedName(k).filter(Networks.NONE::equals).isPresent())) {
            if (asked.size() > 1) {
                throw new InvalidArgumentException("Container cannot be connected to network endpoints: "
                        + String.join(", ", asked.keySet()));
            }
            return Optional.of(List.of());
        }
        List<EndpointRequest> out = new ArrayList<>();
        boolean plainDefault = true;
        for (Map.Entry<String, JsonNode> e : asked.entrySet()) {
            BridgeNetwork n = networks.get(e.getKey());
            List<String> aliases = CreateRequest.strings(e.getValue().path("Aliases"));
            String ip = e.getValue().path("IPAMConfig").path("IPv4Address").asText("");
            if (!n.userDefined() && aliases != null && !aliases.isEmpty()) {
                throw new InvalidArgumentException("network-scoped alias is supported only for containers in user defined networks");
            }
            if (!ip.isEmpty() && !n.userDefined()) {
                throw new InvalidArgumentException("user specified IP address is supported on user defined networks only");
            }
            if (!ip.isEmpty() && !n.subnetGiven()) {
                throw new InvalidArgumentException("user specified IP address is supported only when connecting to"
                        + " networks with user configured subnets");
            }
            if (!ip.isEmpty() && !n.subnet().contains(dev.layerlab.runtime.network.Cidr.parseAddress(ip))) {
                throw new InvalidArgumentException("no configured subnet or ip-range contain the IP address " + ip);
            }
            if (out.stream().anyMatch(r -> r.networkId().equals(n.id()))) {
                continue;
            }
            out.add(new EndpointRequest(n.id(), aliases, ip));
            plainDefault &= !n.userDefined();
        }
        return plainDefault && out.size() == 1 ? Optional.empty() : Optional.of(out);
    }
}
