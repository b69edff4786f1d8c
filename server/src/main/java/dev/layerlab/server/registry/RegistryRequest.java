package dev.layerlab.server.registry;

import dev.layerlab.runtime.registry.RegistryError;
import dev.layerlab.runtime.registry.RegistryException;
import dev.layerlab.runtime.registry.RepositoryName;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code /v2/...} path names, read from the raw request path (never a decoded or normalised one,
 * so {@code ..} or an escape in a name is refused rather than resolved): the base, the catalog, the token
 * endpoint, or an endpoint of one repository.
 */
record RegistryRequest(Kind kind, RepositoryName name, String argument) {
    enum Kind { BASE, TOKEN, CATALOG, BLOB, UPLOADS, UPLOAD, MANIFEST, TAGS, REFERRERS }

    private static final Pattern REPO_ENDPOINT = Pattern.compile(
            "/v2/(.+)/(?:(blobs/uploads)/?|blobs/uploads/([^/]+)|blobs/([^/]+)|manifests/([^/]+)|(tags/list)|referrers/([^/]+))");

    /** The request of {@code rawPath}, or null when it names no registry endpoint. */
    static RegistryRequest of(String rawPath) {
        switch (rawPath) {
            case "/v2", "/v2/" -> {
                return new RegistryRequest(Kind.BASE, null, null);
            }
            case "/v2/token" -> {
                return new RegistryRequest(Kind.TOKEN, null, null);
            }
            case "/v2/_catalog" -> {
                return new RegistryRequest(Kind.CATALOG, null, null);
            }
            default -> {
            }
        }
        Matcher m = REPO_ENDPOINT.matcher(rawPath);
        if (!m.matches()) {
            return null;
        }
        String name = m.group(1);
        if (!RepositoryName.isValid(name)) {
            throw new RegistryException(RegistryError.NAME_INVALID, "invalid repository name: "
                    + (name.length() > 80 ? name.substring(0, 80) + "..." : name));
        }
        RepositoryName repo = new RepositoryName(name);
        if (m.group(2) != null) {
            return new RegistryRequest(Kind.UPLOADS, repo, null);
        } else if (m.group(3) != null) {
            return new RegistryRequest(Kind.UPLOAD, repo, m.group(3));
        } else if (m.group(4) != null) {
            return new RegistryRequest(Kind.BLOB, repo, m.group(4));
        } else if (m.group(5) != null) {
            return new RegistryRequest(Kind.MANIFEST, repo, m.group(5));
        } else if (m.group(6) != null) {
            return new RegistryRequest(Kind.TAGS, repo, null);
        }
        return new RegistryRequest(Kind.REFERRERS, repo, m.group(7));
    }
}
