package dev.layerlab.server.bench;

import com.sun.tools.attach.VirtualMachine;
import dev.layerlab.runtime.io.AtomicFiles;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real server ({@code dev.layerlab.server.Main}, as {@code scripts/start.sh} runs it, with the JVM's
 * default heap) in a JVM of its own over a fresh data directory, so its heap, threads and descriptors
 * are its own and not the benchmark's. The base and playground images come from the machine's cache
 * ({@code /var/cache/layerlab}) as at any start. Its platform MXBeans are read through the attach API.
 */
final class ServerProcess implements AutoCloseable {
    final int port;
    final Path dataDir;
    final Path log;
    private final Process process;
    private JMXConnector jmx;
    private MemoryMXBean memory;
    private ThreadMXBean threads;

    /** What the server holds at one moment: its heap used right after a full GC, threads and open descriptors. */
    record Stats(long heapUsedAfterGc, long heapMax, int threads, int javaThreads, int openFiles, long cpuNanos) {
    }

    private ServerProcess(int port, Path dataDir, Path log, Process process) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
        this.process = process;
    }

    /** Starts Main with {@code options} (besides the port and data directory) and waits until it serves pages. */
    static ServerProcess start(String... options) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("layerlab-neighbours-");
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "layerlab-neighbours-server.log");
        List<String> argv = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.layerlab.server.Main", "--port", Integer.toString(port), "--data-dir", data.toString()));
        argv.addAll(List.of(options));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(port, data, log, p);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            if (!p.isAlive()) {
                throw new IOException("the server exited with " + p.exitValue() + "; its output: " + Files.readString(log));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(server.url("/")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200 && Files.readString(log).contains("open http://")) {
                    break;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new IOException("the server did not start within 5 minutes; its output is in " + log);
            }
            Thread.sleep(200);
        }
        server.attach();
        return server;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    long pid() {
        return process.pid();
    }

    String operatorToken() throws IOException {
        return Files.readString(dataDir.resolve("operator-token")).strip();
    }

    private void attach() throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(process.pid()));
        try {
            jmx = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
        } finally {
            vm.detach();
        }
        MBeanServerConnection c = jmx.getMBeanServerConnection();
        memory = ManagementFactory.newPlatformMXBeanProxy(c, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
        threads = ManagementFactory.newPlatformMXBeanProxy(c, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
    }

    /** A full GC in the server, then its heap used, its threads (all, and Java's) and open descriptors. */
    Stats stats() throws IOException {
        memory.gc();
        var heap = memory.getHeapMemoryUsage();
        return new Stats(heap.getUsed(), heap.getMax(), osThreads(), threads.getThreadCount(), openFiles(), cpuNanos());
    }

    /** The server's Java threads by name, digits dropped ({@code qtp123-45} and {@code qtp123-46} are one group), most first. */
    String threadGroups() {
        java.util.Map<String, Integer> groups = new java.util.TreeMap<>();
        for (var t : threads.dumpAllThreads(false, false)) {
            if (t != null) {
                groups.merge(t.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        return groups.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(6)
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * CPU time the server's process used so far, user and system, with its children that ended (runc, ip,
     * mounts); from /proc, in clock ticks of 10 ms.
     */
    long cpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = 0;
        for (int i = 11; i <= 14; i++) { // utime, stime, cutime, cstime: fields 14 to 17
            ticks += Long.parseLong(f[i]);
        }
        return ticks * 10_000_000L;
    }

    /** CPU time the whole machine was busy so far (all processes, every core; from /proc/stat). */
    static long machineBusyNanos() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i <= 8; i++) { // user nice system idle iowait irq softirq steal
            if (i != 4 && i != 5) {
                busy += Long.parseLong(f[i]);
            }
        }
        return busy * 10_000_000L;
    }

    private int osThreads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.substring(8).trim());
            }
        }
        return -1;
    }

    /** The server's open descriptors by kind (socket, pipe, anon_inode:[eventpoll], file), most first. */
    String descriptorKinds() throws IOException {
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                kinds.merge(target.startsWith("/") ? "file" : target.replaceAll(":\\[[0-9]+]$", ""), 1, Integer::sum);
            }
        }
        return kinds.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue())
                .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
    }

    private int openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return (int) fds.count();
        }
    }

    /**
     * Stops the server as an operator would (SIGTERM: its shutdown hook removes every sandbox), then
     * deletes its data directory, unless something is still mounted under it.
     */
    @Override
    public void close() throws Exception {
        if (jmx != null) {
            jmx.close();
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        String dir = dataDir.toString() + "/";
        boolean mounted = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .anyMatch(l -> l.split(" ")[1].startsWith(dir));
        if (mounted) {
            System.err.println("something is still mounted under " + dataDir + "; left in place");
        } else {
            AtomicFiles.deleteTree(dataDir);
        }
    }
}
