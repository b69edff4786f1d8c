package dev.layerlab.runtime.container;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What is persisted of a container in {@code containers/<id>/container.json}. */
public record ContainerRecord(String id, String name, Instant created, String imageId, String imageReference,
                              List<Path> layerDirsTopFirst, ContainerConfig config, EffectiveConfig effective,
                              List<ResolvedMount> mounts, ContainerState state, int restartCount) {

    public ContainerRecord withState(ContainerState next) {
        return new ContainerRecord(id, name, created, imageId, imageReference, layerDirsTopFirst, config, effective,
                mounts, next, restartCount);
    }

    public ContainerRecord withName(String next) {
        return new ContainerRecord(id, next, created, imageId, imageReference, layerDirsTopFirst, config, effective,
                mounts, state, restartCount);
    }

    public ContainerRecord withConfig(ContainerConfig next) {
        return new ContainerRecord(id, name, created, imageId, imageReference, layerDirsTopFirst, next, effective,
                mounts, state, restartCount);
    }

    public ContainerRecord withRestartCount(int next) {
        return new ContainerRecord(id, name, created, imageId, imageReference, layerDirsTopFirst, config, effective,
                mounts, state, next);
    }

    public String shortId() {
        return id.substring(0, 12);
    }
}
