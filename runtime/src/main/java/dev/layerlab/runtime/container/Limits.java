package dev.layerlab.runtime.container;

/** Operator defaults applied to every container that asks for none (0 means "no limit"). */
public record Limits(long memoryBytes, long pidsLimit, long cpuShares, long logMaxBytes, int stopTimeoutSeconds) {
    public static final Limits DEFAULT = new Limits(512L << 20, 512, 0, 10L << 20, 10);
}
