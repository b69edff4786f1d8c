package dev.layerlab.server.dockerapi;

/** The media types the Docker API answers with. */
public final class ContentTypes {
    /** Exactly this, without a charset: see {@link ApiErrors}. */
    public static final String JSON = "application/json";
    public static final String TEXT = "text/plain; charset=utf-8";
    public static final String TAR = "application/x-tar";
    public static final String RAW_STREAM = "application/vnd.docker.raw-stream";
    public static final String MULTIPLEXED_STREAM = "application/vnd.docker.multiplexed-stream";

    private ContentTypes() {
    }

    /**
     * Attach, exec and logs streams: a TTY stream is raw bytes; without a TTY it carries
     * {@link MultiplexedStream} frames, but clients before API 1.42 expect the raw-stream type even
     * then, and only 1.42+ clients understand the multiplexed type.
     */
    public static String forStream(ApiVersion version, boolean tty) {
        return tty || version.isBefore(ApiVersion.V1_42) ? RAW_STREAM : MULTIPLEXED_STREAM;
    }
}
