package dev.layerlab.runtime.content;

import java.util.Set;

/** What a garbage collection removed: unreferenced blobs, their total size, and abandoned ingest files. */
public record GcResult(Set<Digest> removed, long bytesFreed, int staleIngestFiles) {
    public GcResult {
        removed = Set.copyOf(removed);
    }
}
