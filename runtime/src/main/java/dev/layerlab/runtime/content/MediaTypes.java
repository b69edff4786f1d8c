package dev.layerlab.runtime.content;

/** Media types of the OCI image spec and of Docker's image manifest v2 schema 2. */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";

    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /** For blobs whose role is not known yet, e.g. while an archive is being read. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private MediaTypes() {
    }

    public static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    public static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    public static boolean isDocker(String mediaType) {
        return mediaType != null && mediaType.startsWith("application/vnd.docker.");
    }

    /** True for layer types stored as a plain tar, whose digest therefore is the diffID. */
    public static boolean isUncompressedLayer(String mediaType) {
        return OCI_LAYER.equals(mediaType) || DOCKER_LAYER.equals(mediaType);
    }
}
