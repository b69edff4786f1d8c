package dev.layerlab.runtime.build;

import dev.layerlab.runtime.container.ContainerService;
import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.disk.DiskQuota;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.snapshot.Snapshotter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * What the builder works with in one space: its images and containers, the shared content and layers,
 * the space's cache and build records, and a directory for temporary files.
 */
public record BuildTools(ImageStore images, ContentStore content, ImageResolver resolver, FilesystemStep filesystem,
                         RunStep runs, StepImages stepImages, BuildCache cache, BuildRecords records, UrlFetcher urls,
                         Path workDir) {

    /**
     * Tools for a space whose state lives under {@code spaceRoot}; {@code outbound} is the network namespace
     * downloads (ADD of a URL) are made from, empty if the space has no network.
     */
    public static BuildTools of(Path spaceRoot, ImageStore images, ContentStore content, Snapshotter snapshots,
                                ImageResolver resolver, ContainerService containers, Optional<Path> outbound,
                                long maxDownloadBytes, Clock clock) throws IOException {
        return of(spaceRoot, spaceRoot.resolve("build-tmp"), DiskQuota.NONE, images, content, snapshots, resolver,
                containers, outbound, maxDownloadBytes, clock);
    }

    /**
     * Tools whose temporary files (contexts, downloads) go to {@code workDir} and whose layers must fit in
     * {@code quota} before they are stored.
     */
    public static BuildTools of(Path spaceRoot, Path workDir, DiskQuota quota, ImageStore images, ContentStore content,
                                Snapshotter snapshots, ImageResolver resolver, ContainerService containers,
                                Optional<Path> outbound, long maxDownloadBytes, Clock clock) throws IOException {
        Files.createDirectories(workDir);
        return new BuildTools(images, content, resolver, new FilesystemStep(snapshots, resolver, content, quota),
                new RunStep(containers, snapshots, content, quota), new StepImages(images, clock),
                new BuildCache(spaceRoot.resolve("build-cache.json")), new BuildRecords(spaceRoot.resolve("builds")),
                new UrlFetcher(outbound, maxDownloadBytes), workDir);
    }
}
