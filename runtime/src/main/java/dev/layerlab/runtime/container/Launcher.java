package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.EngineException;
import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.fs.TreeRoot;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.runc.ContainerSpec;
import dev.layerlab.runtime.runc.MaskCheck;
import dev.layerlab.runtime.runc.OciSpecWriter;
import dev.layerlab.runtime.runc.ProcessSpec;
import dev.layerlab.runtime.runc.Runc;
import dev.layerlab.runtime.snapshot.ContainerFs;
import dev.layerlab.runtime.snapshot.Snapshotter;
import dev.layerlab.runtime.stdio.ProcessIo;
import dev.layerlab.runtime.userns.AsSandboxRoot;
import dev.layerlab.runtime.userns.IdRange;
import dev.layerlab.runtime.userns.UserNamespace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns a container record into a running process: mounts its overlay (idmapped into the sandbox's
 * user namespace, if it has one), resolves its user in the image, writes the OCI bundle and /etc
 * files, and asks runc to create it, wires its network, checks its masks and lets it start.
 */
final class Launcher {
    record Started(int pid, ProcessIo io, NetworkAttacher.Attached network) {
    }

    private final Runc runc;
    private final Snapshotter snapshots;
    private final ContainerStore store;
    private final Limits limits;
    private final Path hostResolvConf;
    private final NetworkAttacher networks;
    private final BindResolver binds;
    private final UserNamespace userns;
    private final IdRange ids;

    Launcher(Runc runc, Snapshotter snapshots, ContainerStore store, Limits limits, Path hostResolvConf,
             NetworkAttacher networks, BindResolver binds, UserNamespace userns) {
        this.userns = userns;
        this.ids = userns == null ? IdRange.NONE : userns.range();
        this.networks = networks;
        this.binds = binds;
        this.runc = runc;
        this.snapshots = snapshots;
        this.store = store;
        this.limits = limits;
        this.hostResolvConf = hostResolvConf;
    }

    /** Starts {@code rec}; {@code volumeInUse} says which volumes a running container has mounted. */
    Started start(ContainerRecord rec, int[] terminalSize, java.util.function.Predicate<String> volumeInUse)
            throws IOException {
        Path dir = store.dirOf(rec.id());
        List<String> linkLines = ContainerLinks.hostLines(rec, store); // before anything is made: a stopped target fails
        ContainerFs fs = snapshots.prepare(rec.id());
        InitLayer.ensure(fs.init(), rec); // before the first mount: what runc mounts on never lands in the upper
        Path rootfs = snapshots.mount(fs, rec.layerDirsTopFirst(), userns);
        ProcessIo io = null;
        NetworkAttacher.Attached network = null;
        try {
            network = networks.attach(rec.id(), rec.config().ports());
            String ip = network.ip();
            // On this thread: it holds the container's lock, which deciding whether a volume is in use needs.
            MountPlan.fillEmptyVolumes(rec.mounts(), rootfs, volumeInUse);
            // The engine's writes into the container's files (mount points, working dir, /etc files)
            // are made as the sandbox's root: through the idmapped overlay the real root cannot own a file.
            String gateway = network.gateway();
            boolean embeddedDns = network.embeddedDns();
            Prepared prepared = AsSandboxRoot.run(ids, () -> prepareFiles(rec, dir, rootfs, ip, gateway, linkLines,
                    embeddedDns));
            EffectiveConfig eff = rec.effective();
            ExecUser user = prepared.user();
            List<String> argv = requireCommand(eff.argv());
            ProcessSpec process = new ProcessSpec(rec.config().init() ? DockerInit.wrap(argv) : argv,
                    ProcessEnv.build(eff.env(), eff.hostname(), rec.config().tty(), user.home()),
                    prepared.cwd(), user.uid(), user.gid(), user.additionalGids(), rec.config().tty(),
                    terminalSize[0], terminalSize[1], rec.config().capDrop(), limits.openFiles());
            List<ContainerSpec.BindMount> specBinds = new java.util.ArrayList<>(prepared.etcFiles());
            if (rec.config().init()) {
                specBinds.add(DockerInit.mount());
            }
            long memory = orDefault(rec.config().memoryBytes(), limits.memoryBytes());
            ContainerSpec spec = new ContainerSpec(process, rootfs, eff.hostname(), specBinds, memory,
                    orDefault(rec.config().pidsLimit(), limits.pidsLimit()),
                    orDefault(rec.config().options().cpuShares(), limits.cpuShares()),
                    limits.cgroupParent() + "/" + rec.id(), network.netnsPath(), userns,
                    TmpfsMounts.of(rec.config().options().tmpfs(), memory));
            Path bundle = dir.resolve("bundle");
            Files.createDirectories(bundle);
            Files.write(bundle.resolve("config.json"), Json.toBytes(OciSpecWriter.containerSpec(spec)));
            io = ProcessIo.prepare(rec.shortId(), rec.config().tty(), rec.config().openStdin(), consoleSocket(rec.id()), ids);
            int pid = runc.create(rec.id(), bundle, io.runcIo(), dir.resolve("init.pid"), dir.resolve("runc.log"));
            startChecked(rec.id(), pid, network.plug());
            return new Started(pid, io, network);
        } catch (IOException | RuntimeException e) {
            if (io != null) {
                io.abandon();
            }
            release(network);
            snapshots.unmount(fs);
            throw e;
        }
    }

    private record Prepared(ExecUser user, String cwd, List<ContainerSpec.BindMount> etcFiles) {
    }

    /** Mounts in place, the user looked up, the working dir and the /etc files made. */
    private Prepared prepareFiles(ContainerRecord rec, Path dir, Path rootfs, String ip, String gateway,
                                  List<String> linkLines, boolean embeddedDns) throws IOException {
        ContainerMounts.attach(rec.mounts(), rootfs, binds);
        EffectiveConfig eff = rec.effective();
        HostOptions options = rec.config().options();
        TmpfsMounts.checkMountPoints(rootfs, options.tmpfs().keySet());
        ExecUser user = ExecUser.resolve(eff.user(), options.groupAdd(), rootfs);
        String cwd = eff.workingDir().isEmpty() ? "/" : eff.workingDir();
        createWorkingDir(rootfs, cwd);
        List<String> hostLines = new java.util.ArrayList<>();
        for (String h : options.extraHosts()) {
            hostLines.add(EtcFiles.hostLine(h.endsWith(":" + HOST_GATEWAY) && gateway != null && !gateway.isEmpty()
                    ? h.substring(0, h.length() - HOST_GATEWAY.length()) + gateway : h));
        }
        hostLines.addAll(linkLines);
        return new Prepared(user, cwd, EtcFiles.write(dir, eff.hostname(), ip, hostLines, hostResolvConf, embeddedDns));
    }

    /** {@code --add-host name:host-gateway}: Docker's word for the address of the host, here the bridge's gateway. */
    static final String HOST_GATEWAY = "host-gateway";

    /**
     * Lets a created container run only once its network is wired (into the namespace runc made) and
     * its masks are in place (see {@link MaskCheck}).
     */
    private void startChecked(String id, int pid, NetworkAttacher.Plug plug) throws IOException {
        try {
            plug.into(pid);
            List<String> problems = MaskCheck.problems(pid);
            if (!problems.isEmpty()) {
                throw new EngineException("refused to start the container: " + String.join("; ", problems));
            }
            runc.start(id, pid);
        } catch (IOException | RuntimeException e) {
            try {
                runc.delete(id, true);
            } catch (RuntimeException ignored) {
                // the start's own error says what went wrong
            }
            throw e;
        }
    }

    static void release(NetworkAttacher.Attached network) {
        if (network == null) {
            return;
        }
        try {
            network.release().close();
        } catch (Exception e) {
            java.util.logging.Logger.getLogger(Launcher.class.getName()).warning("releasing a network: " + e.getMessage());
        }
    }

    /** Console sockets live in the runc state root: the path must stay under 108 bytes. */
    Path consoleSocket(String name) {
        return runc.stateRoot().resolve("console-" + name.substring(0, Math.min(name.length(), 24)) + ".sock");
    }

    static List<String> requireCommand(List<String> argv) {
        if (argv.isEmpty()) {
            throw new EngineException("no command specified");
        }
        return argv;
    }

    private static long orDefault(long asked, long fallback) {
        return asked > 0 ? asked : fallback;
    }

    /** Creates the working directory inside the rootfs as Docker does, inside its root only (package fs). */
    private static void createWorkingDir(Path rootfs, String cwd) throws IOException {
        try (TreeRoot root = TreeRoot.open(rootfs); PathFd dir = root.makeDirectories(cwd)) {
            // made (or found); runc enters it
        }
    }
}
