package dev.layerlab.runtime.base;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.image.History;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageConfig;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.image.ImageStore;
import dev.layerlab.runtime.image.Platforms;
import dev.layerlab.runtime.image.RootFs;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.layer.LayerTars;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The images every playground has without a registry, built offline from Debian packages:
 * {@code busybox} (from busybox-static) and {@code debian:bookworm} (mmdebstrap). A data directory
 * that has them already is left alone, so a second setup costs nothing.
 */
public final class BaseImages {
    public static final String BUSYBOX = "busybox:latest";
    public static final String DEBIAN = "debian:bookworm";
    /** The learner's "host": Debian with a shell, editors, curl and the docker CLI (no daemon). */
    public static final String SANDBOX = "layerlab/sandbox:latest";
    private static final List<String> SANDBOX_PACKAGES = List.of("bash-completion", "vim-tiny", "nano", "curl",
            "wget", "less", "ca-certificates", "procps", "iproute2", "iputils-ping", "tree", "file");
    private static final List<String> DEBIAN_TAGS = List.of(DEBIAN, "debian:latest", "debian:12");
    private static final String PATH_ENV = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final ContentStore content;
    private final ImageStore images;
    private final Path cacheDir;
    private final List<List<String>> shared = new java.util.concurrent.CopyOnWriteArrayList<>();

    public BaseImages(ContentStore content, ImageStore images, Path cacheDir) {
        this.content = content;
        this.images = images;
        this.cacheDir = cacheDir;
    }

    /** A base image and the names it goes by. */
    public record Tagged(Image image, List<ImageReference> tags) {
    }

    /**
     * Also offers the image tagged {@code names} in the default space to every new space (images made
     * above this package, such as the playground's own nginx or python, built from Dockerfiles).
     */
    public void shareWithNewSpaces(List<String> names) {
        List<String> copy = List.copyOf(names);
        synchronized (shared) {
            if (!shared.contains(copy)) {
                shared.add(copy);
            }
        }
    }

    /** The base images (and shared images) that exist now, for new spaces to see them. */
    public List<Tagged> present() {
        List<Tagged> found = new java.util.ArrayList<>();
        List<List<String>> groups = new java.util.ArrayList<>(List.of(List.of(BUSYBOX), DEBIAN_TAGS));
        groups.addAll(shared);
        for (List<String> names : groups) {
            Image image = tagged(names.get(0));
            if (image != null) {
                found.add(new Tagged(image, names.stream().map(ImageReference::parse).toList()));
            }
        }
        return found;
    }

    /** Makes sure both base images are tagged; builds only what is missing. */
    public void ensureAll() throws IOException {
        ensureBusybox();
        ensureDebian();
    }

    public Image ensureBusybox() throws IOException {
        Image existing = tagged(BUSYBOX);
        if (existing != null) {
            return existing;
        }
        Path work = Files.createTempDirectory("layerlab-busybox-");
        try {
            Path rootfs = work.resolve("rootfs");
            BusyboxRootfs.create(rootfs);
            Path tar = work.resolve("layer.tar");
            try (OutputStream out = Files.newOutputStream(tar)) {
                LayerTars.writeLayer(rootfs, out);
            }
            return store(tar, List.of("sh"), "busybox-static from Debian", List.of(BUSYBOX));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building busybox", e);
        } finally {
            AtomicFiles.deleteTree(work);
        }
    }

    public Image ensureDebian() throws IOException {
        Image existing = tagged(DEBIAN);
        if (existing != null) {
            return existing;
        }
        try {
            Path tar = DebianRootfs.ensure(cacheDir, "bookworm");
            return store(tar, List.of("bash"), "mmdebstrap --variant=minbase bookworm", DEBIAN_TAGS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building debian", e);
        }
    }

    /**
     * The sandbox host image, built from Debian's packages with the docker CLI at
     * /usr/local/bin/docker (the client from Debian's docker.io package, found at {@code dockerCli}).
     */
    public Image ensureSandbox(Path dockerCli) throws IOException {
        Image existing = tagged(SANDBOX);
        if (existing != null) {
            return existing;
        }
        if (!Files.isExecutable(dockerCli)) {
            throw new IOException("the docker CLI is missing at " + dockerCli + " (scripts/host.sh installs it)");
        }
        try {
            Path tar = DebianRootfs.ensure(cacheDir, "layerlab-sandbox-2", "bookworm", SANDBOX_PACKAGES, List.of(
                    "--customize-hook=copy-in " + dockerCli + " /usr/local/bin",
                    "--customize-hook=echo 'export DOCKER_BUILDKIT=0' > \"$1\"/etc/profile.d/layerlab.sh",
                    "--customize-hook=echo lab > \"$1\"/etc/hostname"));
            // The sandbox's API socket directory is mounted at /run/layerlab; mmdebstrap empties /run,
            // so /var/run/docker.sock (= /run/docker.sock) is linked when the host starts.
            return store(tar, List.of("/bin/sh", "-c", "ln -sf /run/layerlab/docker.sock /run/docker.sock && exec sleep infinity"),
                    "mmdebstrap bookworm + " + String.join(",", SANDBOX_PACKAGES)
                    + " + docker CLI", List.of(SANDBOX));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the sandbox image", e);
        }
    }

    private Image tagged(String name) {
        try {
            return images.resolve(name);
        } catch (dev.layerlab.runtime.error.NotFoundException e) {
            return null;
        }
    }

    /** One uncompressed layer, a config with Cmd and PATH, and the tags. */
    private Image store(Path layerTar, List<String> cmd, String createdBy, List<String> tags) throws IOException {
        // The layer is reproducible; the config says when this machine built it, as `docker images` shows.
        String created = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Descriptor layer;
        try (InputStream in = Files.newInputStream(layerTar)) {
            layer = content.write(in, MediaTypes.OCI_LAYER);
        }
        List<String> env = tags.contains(SANDBOX) ? List.of(PATH_ENV, "DOCKER_BUILDKIT=0") : List.of(PATH_ENV);
        ContainerDefaults defaults = new ContainerDefaults(null, null, env, null, cmd, null, null,
                null, null, null, null, null, null, Map.of());
        ImageConfig config = new ImageConfig(created, null, Platforms.host().architecture(), "linux", null, null, null, defaults,
                new RootFs("layers", List.of(layer.digest())),
                List.of(new History(created, "layerlab base image: " + createdBy, null, null, null),
                        new History(created, "CMD " + cmd, null, null, true)),
                Map.of());
        Image image = images.create(config, List.of(layer));
        for (String tag : tags) {
            images.tag(image, ImageReference.parse(tag));
        }
        return images.resolve(tags.get(0));
    }
}
