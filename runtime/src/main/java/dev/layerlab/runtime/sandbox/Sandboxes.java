package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.SpaceOptions;
import dev.layerlab.runtime.base.BaseImages;
import dev.layerlab.runtime.container.BindResolver;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.Limits;
import dev.layerlab.runtime.container.MountRequest;
import dev.layerlab.runtime.disk.LoopDisk;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.fs.TreeRoot;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.network.NetworkSettings;
import dev.layerlab.runtime.network.SandboxNetwork;
import dev.layerlab.runtime.network.SandboxNetworks;
import dev.layerlab.runtime.userns.AsSandboxRoot;
import dev.layerlab.runtime.userns.IdRange;
import dev.layerlab.runtime.userns.IdRanges;
import dev.layerlab.runtime.userns.UserNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates and removes sandboxes. Each has two spaces: {@code h-<id>} holding only its host
 * container, and {@code sb-<id>} for what the learner makes, both under one cgroup with the
 * sandbox's limits, in the sandbox's own user namespace (package userns) and on its own network, both keeping what they write on the sandbox's own
 * disk ({@link LoopDisk}, {@code <data-dir>/sandbox-disks/<id>.img} mounted at {@code sandbox-disks/<id>/}).
 * Sandboxes do not outlive the server: what a previous run left is removed at start.
 */
public final class Sandboxes implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Where sandboxes' user namespaces are bound (runc joins them by these paths). */
    static final Path USERNS_DIR = Path.of("/run/layerlab/userns");

    private final Engine engine;
    private final SandboxSettings settings;
    private final SandboxNetworks networks;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final MemoryBudget memory;
    private final Path disks;
    private final IdRanges idRanges = new IdRanges();

    private record Live(Sandbox sandbox, SandboxNetwork network, SandboxCgroup cgroup, LoopDisk disk, Identity identity) {
    }

    /** A sandbox's id range and the user namespace mapping it (either null if not made yet), given back together. */
    private record Identity(IdRange range, UserNamespace userns) {
    }

    public Sandboxes(Engine engine, SandboxSettings settings) throws IOException {
        this.engine = engine;
        this.settings = settings;
        this.disks = engine.settings().dataDir().toAbsolutePath().resolve("sandbox-disks");
        reachableByAnyone(engine.settings().dataDir().toAbsolutePath());
        this.memory = MemoryBudget.ofHost(settings.memoryOvercommit());
        this.networks = new SandboxNetworks(new NetworkSettings(NetworkSettings.DEFAULT_UPLINK_POOL,
                NetworkSettings.DEFAULT_CONTAINER_SUBNET, settings.outboundNat(), settings.allowEgress()));
        removeLeftovers();
    }

    public SandboxSettings settings() {
        return settings;
    }

    /**
     * How many sandboxes this host may have at once by memory: physical memory times the overcommit
     * setting, over one sandbox's memory limit.
     */
    public int capacity() {
        return memory.capacity(settings.memoryBytes());
    }

    /** The engine's sandbox networking, with the operator's switches (outbound NAT, allowed egress). */
    public SandboxNetworks networks() {
        return networks;
    }

    /** The playground's own images (nginx, python, ...), built on this engine's sandbox networking. */
    public PlaygroundImages playgroundImages() {
        return new PlaygroundImages(engine, networks);
    }

    /** Makes a sandbox with its host container running. The sandbox image must exist (see BaseImages). */
    public Sandbox create() throws IOException {
        return create(settings.diskBytes());
    }

    /** {@link #create()} with a disk quota of its own instead of the settings' (tests of a full disk). */
    public Sandbox create(long diskBytes) throws IOException {
        SandboxSettings.requireDiskSize(diskBytes);
        memory.reserve(settings.memoryBytes());
        try {
            return createWithin(diskBytes);
        } catch (IOException | RuntimeException e) {
            memory.release(settings.memoryBytes());
            throw e;
        }
    }

    private Sandbox createWithin(long diskBytes) throws IOException {
        String id = HexFormat.of().formatHex(randomBytes(6));
        Image hostImage = engine.defaultSpace().images().resolve(BaseImages.SANDBOX);
        Path apiDir = Files.createDirectories(settings.socketRoot().resolve(id));
        String cgroup = "layerlab/sb-" + id;
        SandboxCgroup limits = null;
        SandboxNetwork network = null;
        LoopDisk disk = null;
        IdRange ids = null;
        UserNamespace userns = null;
        try {
            disk = LoopDisk.create(disks.resolve(id + ".img"), disks.resolve(id), diskBytes);
            limits = SandboxCgroup.create(cgroup, settings.memoryBytes(), settings.pidsLimit(), settings.cpuShares());
            ids = idRanges.claim();
            try (UserNamespace.Birth birth = UserNamespace.begin(ids)) {
                userns = birth.keepAt(USERNS_DIR.resolve(id));
                network = networks.create(id, birth.networkNamespace()); // owned by the sandbox's user namespace
            }
            ownedBy(apiDir, userns.range()); // the sandbox's docker CLI runs as its root
            SandboxNetworking networking = new SandboxNetworking(network);
            Limits perContainer = settings.containerLimits().withContainerCap(settings.maxContainers(), "/" + cgroup);
            Space host = engine.space("h-" + id, new SpaceOptions(allowOnly(apiDir), networking.forHost(),
                    perContainer.withContainerCap(1, "/" + cgroup), settings.quotas(), disk, userns));
            host.adopt(hostImage, List.of(ImageReference.parse(BaseImages.SANDBOX)));
            ContainerRecord hostContainer = host.containers().create("lab", ContainerConfig.builder(BaseImages.SANDBOX)
                    .hostname("lab").workingDir("/root")
                    .init(true) // PID 1 reaps the orphans of the learner's shells (the image's command never would)
                    .mounts(List.of(new MountRequest(MountRequest.Kind.BIND, apiDir.toString(), Sandbox.API_DIR_IN_HOST, false)))
                    .build());
            engine.space("sb-" + id, new SpaceOptions(insideHost(host, hostContainer.id(), userns.range()), networking, perContainer,
                    settings.quotas(), disk, userns));
            host.containers().start(hostContainer.id());
            Sandbox sandbox = new Sandbox(id, "sb-" + id, "h-" + id, hostContainer.id(), apiDir.resolve("docker.sock"),
                    userns.range());
            live.put(id, new Live(sandbox, network, limits, disk, new Identity(ids, userns)));
            return sandbox;
        } catch (IOException | RuntimeException e) {
            tearDown(id, network, limits, disk, new Identity(ids, userns));
            throw e;
        }
    }

    public Sandbox get(String id) {
        Live l = live.get(id);
        if (l == null) {
            throw new NotFoundException("no such sandbox: " + id);
        }
        return l.sandbox();
    }

    public List<Sandbox> list() {
        return live.values().stream().map(Live::sandbox).toList();
    }

    /** The space of what the learner makes (containers, volumes, tags). */
    public Space space(Sandbox sandbox) {
        return engine.existingSpace(sandbox.spaceName());
    }

    /** The space holding the sandbox's host container. */
    public Space hostSpace(Sandbox sandbox) {
        return engine.existingSpace(sandbox.hostSpaceName());
    }

    /** The sandbox's network, for opening sockets inside it (port links, tests). */
    public SandboxNetwork network(Sandbox sandbox) {
        Live l = live.get(sandbox.id());
        if (l == null) {
            throw new NotFoundException("no such sandbox: " + sandbox.id());
        }
        return l.network();
    }

    /** Removes a sandbox with everything in it. */
    public void delete(String id) throws IOException {
        Live l = live.remove(id);
        if (l == null) {
            throw new NotFoundException("no such sandbox: " + id);
        }
        try {
            tearDown(id, l.network(), l.cgroup(), l.disk(), l.identity());
        } finally {
            memory.release(settings.memoryBytes());
        }
    }

    private void tearDown(String id, SandboxNetwork network, SandboxCgroup cgroup, LoopDisk disk, Identity identity)
            throws IOException {
        engine.deleteSpace("sb-" + id);
        engine.deleteSpace("h-" + id);
        if (identity.userns() != null) {
            identity.userns().close();
        }
        if (identity.range() != null) {
            idRanges.release(identity.range()); // after the spaces: no process of the sandbox is left
        }
        if (disk != null) {
            disk.remove(); // after the spaces: their containers' mounts are inside it
        }
        if (network != null) {
            network.destroy();
        }
        if (cgroup != null) {
            cgroup.remove();
        }
        AtomicFiles.deleteTree(settings.socketRoot().resolve(id));
    }

    /**
     * Spaces, disks (their mounts and loop devices), networks, cgroups and sockets of sandboxes from an
     * earlier run of this engine (their ids are its spaces' and disks' names): only its own, so engines
     * sharing a host leave each other alone.
     */
    private void removeLeftovers() throws IOException {
        Set<String> ids = new java.util.HashSet<>();
        for (Space s : engine.spaces()) {
            String name = s.name();
            if (name.startsWith("sb-") || name.startsWith("h-")) {
                ids.add(name.substring(name.indexOf('-') + 1));
                engine.deleteSpace(name);
            }
        }
        LoopDisk.idsUnder(disks).stream().filter(n -> n.matches("[0-9a-f]{12}")).forEach(ids::add);
        LoopDisk.releaseAll(disks); // after the spaces: recovery has stopped their containers
        networks.removeLeftovers(ids);
        for (String id : ids) {
            SandboxCgroup.forgotten("layerlab/sb-" + id);
            AtomicFiles.deleteTree(settings.socketRoot().resolve(id));
            UserNamespace.forget(USERNS_DIR.resolve(id));
        }
        Files.createDirectories(settings.socketRoot());
    }

    @Override
    public void close() throws IOException {
        for (String id : List.copyOf(live.keySet())) {
            delete(id);
        }
    }

    /**
     * runc sets up a sandbox's containers as the sandbox's root, an unprivileged uid out here, so it
     * must be able to pass through the data directory to their root filesystems and /etc files: the
     * data directory gets o+x (search, not listing), and its parents must have it already.
     */
    private static void reachableByAnyone(Path dataDir) throws IOException {
        Set<java.nio.file.attribute.PosixFilePermission> mode = Files.getPosixFilePermissions(dataDir);
        if (mode.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
            Files.setPosixFilePermissions(dataDir, mode);
        }
        for (Path p = dataDir.getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                throw new dev.layerlab.runtime.error.EngineException("sandboxes run as unprivileged users, who must be"
                        + " able to pass through " + p + " to the data directory " + dataDir + ": chmod o+x " + p);
            }
        }
    }

    private static void ownedBy(Path dir, IdRange ids) throws IOException {
        Files.setAttribute(dir, "unix:uid", ids.outside(0));
        Files.setAttribute(dir, "unix:gid", ids.outside(0));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    /** The host container may bind exactly its own API directory, nothing else of the real host. */
    private static BindResolver allowOnly(Path apiDir) {
        return path -> {
            if (!Path.of(path).equals(apiDir)) {
                throw new InvalidArgumentException("the sandbox host may not bind " + path);
            }
            return PathFd.ofTrusted(apiDir);
        };
    }

    /**
     * The learner's {@code -v /some/path:/x} means a path of the sandbox host: resolved by the kernel
     * inside the host container's root (package fs), symlinks and {@code ..} included, at the moment
     * of each start, so it never reaches the real host however the learner swaps names meanwhile. A
     * missing source is made as the sandbox's root (the real root cannot create files in its tree).
     */
    private static BindResolver insideHost(Space host, String hostContainerId, IdRange ids) {
        return path -> {
            Path root = host.snapshots().fsOf(hostContainerId).merged();
            if (!dev.layerlab.runtime.sys.Mounts.isMountPoint(root)) {
                throw new InvalidArgumentException("the sandbox host is not running, so " + path + " cannot be mounted");
            }
            try (TreeRoot tree = TreeRoot.open(root)) {
                return AsSandboxRoot.run(ids, () -> tree.makeDirectories(path)); // as docker run -v does for a missing source
            }
        };
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
