package dev.layerlab.runtime.stdio;

/** The streams of a process, numbered as Docker's multiplexed framing numbers them. */
public enum StreamType {
    STDIN(0), STDOUT(1), STDERR(2);

    public final int code;

    StreamType(int code) {
        this.code = code;
    }

    public String dockerName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
