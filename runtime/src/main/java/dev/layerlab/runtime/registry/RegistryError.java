package dev.layerlab.runtime.registry;

/** The error codes of the OCI distribution spec 1.1 (and Docker's TAG_INVALID); the server gives each its HTTP status. */
public enum RegistryError {
    BLOB_UNKNOWN("blob unknown to registry"),
    BLOB_UPLOAD_INVALID("blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN("blob upload unknown to registry"),
    DIGEST_INVALID("provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN("manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID("manifest invalid"),
    MANIFEST_UNKNOWN("manifest unknown to registry"),
    NAME_INVALID("invalid repository name"),
    NAME_UNKNOWN("repository name not known to registry"),
    SIZE_INVALID("provided length did not match content length"),
    TAG_INVALID("manifest tag did not match URI"),
    PAGINATION_NUMBER_INVALID("invalid number of results requested"),
    /** A chunk not starting where the upload stands (HTTP 416); its code is BLOB_UPLOAD_INVALID. */
    RANGE_INVALID("requested range not satisfiable"),
    /** A blob or manifest over this registry's bounds (HTTP 413); its code is SIZE_INVALID. */
    TOO_LARGE("content larger than this registry takes"),
    UNAUTHORIZED("authentication required"),
    DENIED("requested access to the resource is denied"),
    UNSUPPORTED("the operation is unsupported"),
    TOOMANYREQUESTS("too many requests");

    private final String message;

    RegistryError(String message) {
        this.message = message;
    }

    /** The spec's message for the code. */
    public String message() {
        return message;
    }

    /** The code as the spec writes it in error bodies. */
    public String code() {
        return switch (this) {
            case RANGE_INVALID -> "BLOB_UPLOAD_INVALID";
            case TOO_LARGE -> "SIZE_INVALID";
            default -> name();
        };
    }
}
