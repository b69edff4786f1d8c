package dev.layerlab.runtime.build;

import dev.layerlab.runtime.build.context.ChmodFlag;
import dev.layerlab.runtime.build.context.CopySource;
import dev.layerlab.runtime.build.context.CopySources;
import dev.layerlab.runtime.build.context.FileCopier;
import dev.layerlab.runtime.build.dockerfile.Command;
import dev.layerlab.runtime.build.dockerfile.Heredoc;
import dev.layerlab.runtime.container.ExecUser;
import dev.layerlab.runtime.container.ImageResolver;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.layer.RootedPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * COPY, ADD and WORKDIR. Sources come from the build context, another stage ({@code --from=name|index})
 * or a local image ({@code --from=image}), or a heredoc; the cache key holds a checksum of their contents,
 * so an edited file misses the cache and an untouched one hits it even if its timestamp changed.
 */
final class FileInstructions {
    private final FilesystemStep filesystem;
    private final Path contextRoot;
    private final Map<String, BuiltStage> stages;
    private final ImageResolver resolver;
    private final ImageStore images;
    private final UrlFetcher urls;
    private final Path workDir;

    /** A finished stage: its image, or null for a scratch stage that made nothing. */
    record BuiltStage(Image image) {
    }

    FileInstructions(FilesystemStep filesystem, Path contextRoot, Map<String, BuiltStage> stages, ImageResolver resolver,
                     ImageStore images, UrlFetcher urls, Path workDir) {
        this.filesystem = filesystem;
        this.contextRoot = contextRoot;
        this.stages = stages;
        this.resolver = resolver;
        this.images = images;
        this.urls = urls;
        this.workDir = workDir;
    }

    StepPlan copy(StageState st, Command.Copy c, BiFunction<StageState, String, String> expand) throws IOException {
        return fileCopy(st, "COPY", c.sources(), c.dest(), c.from(), c.chown(), c.chmod(), c.heredocs(), expand, false);
    }

    StepPlan add(StageState st, Command.Add c, BiFunction<StageState, String, String> expand) throws IOException {
        return fileCopy(st, "ADD", c.sources(), c.dest(), null, c.chown(), c.chmod(), c.heredocs(), expand, true);
    }

    StepPlan workdir(StageState st, String path) {
        st.workingDir = path;
        String createdBy = CreatedBy.fileStep(st.shellOrDefault(), "WORKDIR " + path);
        Image parent = st.image;
        return new StepPlan(createdBy, createdBy,
                () -> filesystem.run(parent, root -> Files.createDirectories(RootedPath.resolve(root, path))),
                CacheVerdict.NEW_INSTRUCTION, List.of());
    }

    private StepPlan fileCopy(StageState st, String instruction, List<String> rawSources, String rawDest, String rawFrom,
                              String rawChown, String chmod, List<Heredoc> heredocs,
                              BiFunction<StageState, String, String> expand, boolean extractArchives) throws IOException {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            String dest = expand.apply(st, rawDest);
            String chown = rawChown == null ? null : expand.apply(st, rawChown);
            Path root = contextRoot;
            if (rawFrom != null) {
                ImageView view = ImageView.open(resolver, fromImageId(expand.apply(st, rawFrom)), workDir);
                resources.add(view);
                root = view.root();
            }
            List<String> patterns = new ArrayList<>();
            List<CopySource> sources = new ArrayList<>();
            List<CopySource> remote = new ArrayList<>(); // downloaded archives are not extracted, as in Docker
            for (String raw : rawSources) {
                String source = expand.apply(st, raw);
                if (extractArchives && UrlFetcher.isUrl(source)) {
                    remote.add(downloaded(source, resources));
                    sources.add(remote.getLast());
                } else {
                    patterns.add(source);
                }
            }
            for (Heredoc doc : heredocs) {
                sources.add(heredocFile(doc, resources));
            }
            if (!patterns.isEmpty()) {
                sources.addAll(0, CopySources.match(root, patterns, instruction, rawFrom == null));
            }
            FileCopier.requireDirectoryDestination(sources.size(), dest, instruction);
            ChmodFlag.parse(chmod); // a bad value fails here, before anything runs
            String flags = (chown == null ? "" : "--chown=" + chown + " ") + (chmod == null ? "" : "--chmod=" + chmod + " ");
            String checksum = CopySources.checksum(sources);
            List<String> shell = st.shellOrDefault();
            Image parent = st.image;
            String workingDir = st.workingDir == null || st.workingDir.isEmpty() ? "/" : st.workingDir;
            StepPlan.Work work = () -> filesystem.run(parent, rootfs -> {
                // Without --chown, files from the context become root's; files from another image keep their owners.
                FileCopier.Owner owner = chown != null ? owner(chown, rootfs)
                        : rawFrom != null ? FileCopier.Owner.PRESERVE : null;
                List<CopySource> plain = new ArrayList<>();
                for (CopySource source : sources) {
                    if (!extractArchives || remote.contains(source)
                            || !FileCopier.extractArchive(source, rootfs, dest, workingDir, owner)) {
                        plain.add(source);
                    }
                }
                if (!plain.isEmpty()) {
                    FileCopier.copy(plain, rootfs, dest, workingDir, owner, chmod);
                }
            });
            return new StepPlan(CreatedBy.copy(shell, instruction, flags, checksum, dest),
                    CreatedBy.copy(shell, instruction, flags, "*", dest), work, CacheVerdict.FILES_CHANGED, resources);
        } catch (IOException | RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    /** {@code --from}: a stage by name or index, else a local image. */
    private String fromImageId(String from) {
        BuiltStage stage = stages.get(from.toLowerCase(java.util.Locale.ROOT));
        if (stage != null) {
            return stage.image() == null ? null : stage.image().id().toString();
        }
        try {
            return images.resolve(from).id().toString();
        } catch (NotFoundException e) {
            throw new BuildFailedException("COPY --from=" + from + ": no build stage and no image of that name"
                    + " (this playground cannot pull images)");
        }
    }

    /** {@code --chown=user[:group]}: names looked up in the image's own /etc/passwd and /etc/group. */
    static FileCopier.Owner owner(String chown, Path rootfs) {
        ExecUser user = ExecUser.resolve(chown, rootfs);
        return new FileCopier.Owner(user.uid(), chown.contains(":") ? user.gid() : user.uid());
    }

    /** ADD of a URL: the file, downloaded through the sandbox's network, as a source like any other. */
    private CopySource downloaded(String url, List<AutoCloseable> resources) throws IOException {
        Path dir = Files.createTempDirectory(workDir, "download-");
        resources.add(() -> AtomicFiles.deleteTree(dir));
        return new CopySource(dir, urls.fetch(url, dir));
    }

    private CopySource heredocFile(Heredoc doc, List<AutoCloseable> resources) throws IOException {
        // The name becomes a file name on the server: only a plain name may, never a path.
        if (!doc.name().matches("[A-Za-z0-9._+-]+") || doc.name().equals(".") || doc.name().equals("..")) {
            throw new BuildFailedException("COPY <<" + doc.name() + ": a heredoc copied as a file needs a plain"
                    + " name (letters, digits, . _ + -)");
        }
        Path dir = Files.createTempDirectory(workDir, "heredoc-");
        resources.add(() -> AtomicFiles.deleteTree(dir));
        Path file = dir.resolve(doc.name());
        Files.writeString(file, doc.chompedContent(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        return new CopySource(dir, doc.name());
    }

    static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception ignored) {
                // best effort: a temp view or directory
            }
        }
    }
}
