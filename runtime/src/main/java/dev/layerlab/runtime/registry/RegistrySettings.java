package dev.layerlab.runtime.registry;

import java.time.Duration;

/**
 * The built-in registry's bounds: a manifest's size (4 MiB, as the distribution registry), one blob's size,
 * how long an upload session may sit without a byte before it is dropped, how many sessions one client
 * may hold open, how many repositories one namespace and tags one repository may have, and how many bytes
 * of blobs one namespace's repositories may hold together (each distinct blob counted once).
 */
public record RegistrySettings(long maxManifestBytes, long maxBlobBytes, Duration uploadTimeout, int maxUploadsPerClient,
                               int maxRepositoriesPerNamespace, int maxTagsPerRepository, long maxNamespaceBytes) {
    public static final RegistrySettings DEFAULTS = new RegistrySettings(4L << 20, 4L << 30, Duration.ofMinutes(10), 8, 100, 1000,
            5L << 30);

    public RegistrySettings {
        if (maxManifestBytes < 1 || maxBlobBytes < 1 || uploadTimeout.isNegative() || uploadTimeout.isZero()
                || maxUploadsPerClient < 1 || maxRepositoriesPerNamespace < 1 || maxTagsPerRepository < 1 || maxNamespaceBytes < 1) {
            throw new IllegalArgumentException("registry limits must be positive");
        }
    }

    public RegistrySettings withUploadTimeout(Duration timeout) {
        return new RegistrySettings(maxManifestBytes, maxBlobBytes, timeout, maxUploadsPerClient, maxRepositoriesPerNamespace,
                maxTagsPerRepository, maxNamespaceBytes);
    }

    public RegistrySettings withMaxBlobBytes(long max) {
        return new RegistrySettings(maxManifestBytes, max, uploadTimeout, maxUploadsPerClient, maxRepositoriesPerNamespace,
                maxTagsPerRepository, maxNamespaceBytes);
    }

    public RegistrySettings withMaxNamespaceBytes(long max) {
        return new RegistrySettings(maxManifestBytes, maxBlobBytes, uploadTimeout, maxUploadsPerClient, maxRepositoriesPerNamespace,
                maxTagsPerRepository, max);
    }
}
