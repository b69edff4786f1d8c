package dev.layerlab.runtime.registry;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/** One blob upload session: the bytes so far in a file of the registry's own, who opened it, when it last moved. */
final class Upload {
    final String id;
    final RepositoryName repository;
    final String client;
    final Path file;
    final ReentrantLock writing = new ReentrantLock();
    volatile long offset;
    volatile long lastUsedNanos;

    Upload(String id, RepositoryName repository, String client, Path file, long now) {
        this.id = id;
        this.repository = repository;
        this.client = client;
        this.file = file;
        this.lastUsedNanos = now;
    }
}
