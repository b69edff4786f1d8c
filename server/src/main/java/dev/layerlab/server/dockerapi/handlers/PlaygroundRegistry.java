package dev.layerlab.server.dockerapi.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.registry.RepositoryName;
import dev.layerlab.server.registry.RegistryAccounts;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which names and logins of the sandbox's docker CLI mean the playground's built-in registry: Docker Hub's
 * (docker.io, the CLI's default), as the tutorials write them ({@code docker login}, {@code docker push
 * alice/app:1}). Credentials are a learner's registry name and login token, sent by the CLI in the
 * {@code /auth} body or the {@code X-Registry-Auth} header.
 */
final class PlaygroundRegistry {
    static final String DENIED = "denied: requested access to the resource is denied";
    private static final Set<String> HUB = Set.of("", "docker.io", "index.docker.io", "registry-1.docker.io");

    private PlaygroundRegistry() {
    }

    /** True for Docker Hub's addresses as the CLI sends them ({@code https://index.docker.io/v1/}, empty, ...). */
    static boolean isHub(String serverAddress) {
        String host = serverAddress == null ? "" : serverAddress.strip().toLowerCase(Locale.ROOT)
                .replaceFirst("^https?://", "").replaceFirst("/.*$", "");
        return HUB.contains(host);
    }

    /** The repository of a docker.io reference in the built-in registry, or empty for another registry's name. */
    static Optional<RepositoryName> repository(ImageReference ref) {
        return ref.domain().equals("docker.io") && RepositoryName.isValid(ref.path())
                ? Optional.of(new RepositoryName(ref.path())) : Optional.empty();
    }

    /** The account of an {@code X-Registry-Auth} header's credentials, if they are one's. */
    static Optional<RegistryAccounts.Account> account(RegistryAccounts accounts, String registryAuth) {
        if (registryAuth == null || registryAuth.isBlank() || registryAuth.length() > 16384) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(registryAuth.strip().replace('+', '-').replace('/', '_').replace("=", ""));
            JsonNode auth = Json.MAPPER.readTree(json);
            String user = auth.path("username").asText("");
            String password = auth.path("password").asText("");
            if (user.isEmpty() && auth.path("auth").isTextual()) { // "auth": base64(user:password), as config.json keeps it
                String pair = new String(Base64.getDecoder().decode(auth.get("auth").asText()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    user = pair.substring(0, colon);
                    password = pair.substring(colon + 1);
                }
            }
            return accounts.authenticate(user, password);
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
