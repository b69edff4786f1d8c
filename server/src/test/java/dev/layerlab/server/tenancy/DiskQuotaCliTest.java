package dev.layerlab.server.tenancy;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sandbox's disk quota (here 64 MB), through the real docker CLI: whatever its containers write meets
 * ENOSPC at the quota on the sandbox's own loop filesystem and nothing lands in the data directory
 * outside it; builds, commits and loads beyond it fail cleanly with the quota's message; the use shows in
 * {@code docker system df} and {@code docker ps -s}; removing a sandbox releases its disk.
 */
class DiskQuotaCliTest {
    private static final long QUOTA_MB = 64;
    private static final String QUOTA_MESSAGE = "the sandbox's disk quota of 64 MB is used up";

    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture(QUOTA_MB << 20);

    private static Path dataDir() {
        return fx.engine.settings().dataDir().toAbsolutePath();
    }

    /** Bytes of the files of the data directory outside every sandbox's disk (apparent sizes). */
    private static long dataOutsideDisks() throws IOException {
        Path disks = dataDir().resolve("sandbox-disks");
        long[] sum = {0};
        Files.walkFileTree(dataDir(), new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(disks) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                sum[0] += attrs.isRegularFile() ? attrs.size() : 0;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return sum[0];
    }

    private static long diskUsedMb() {
        return fx.space().diskQuota().usedBytes() >> 20;
    }

    private static String ddPastTheQuota(String file) {
        return "dd if=/dev/zero of=" + file + " bs=1M count=" + (QUOTA_MB + 100);
    }

    @Test
    void a_container_writing_past_the_quota_gets_enospc_and_nothing_lands_outside_the_disk() throws Exception {
        long outsideBefore = dataOutsideDisks();
        CliResult r = fx.cli.run("run", "--name", "filler", "busybox", "sh", "-c", ddPastTheQuota("/big"));
        assertNotEquals(0, r.exitCode(), r.out());
        assertTrue(r.stderr().contains("No space left on device"), r.exitCode() + ": " + r.out() + r.stderr());
        assertTrue(diskUsedMb() >= QUOTA_MB - 16, "the writes filled the sandbox's disk: " + diskUsedMb() + " MB");
        long grew = dataOutsideDisks() - outsideBefore;
        assertTrue(grew < 4 << 20, "the data directory outside the sandbox disks grew by " + grew + " bytes");

        fx.cli.run("rm", "filler").assertOk();
        assertTrue(diskUsedMb() < 16, "rm gave the space back: " + diskUsedMb() + " MB used");
        CliResult again = fx.cli.run("run", "--rm", "busybox", "sh", "-c",
                "dd if=/dev/zero of=/f bs=1M count=20 2>/dev/null && echo written");
        assertEquals("written", again.assertOk().stdout().strip());
    }

    @Test
    void a_volume_filled_past_the_quota_gets_enospc() throws Exception {
        long outsideBefore = dataOutsideDisks();
        CliResult r = fx.cli.run("run", "--rm", "-v", "fill:/data", "busybox", "sh", "-c", ddPastTheQuota("/data/big"));
        assertNotEquals(0, r.exitCode(), r.out());
        assertTrue(r.stderr().contains("No space left on device"), r.exitCode() + ": " + r.out() + r.stderr());
        assertTrue(dataOutsideDisks() - outsideBefore < 4 << 20, "the volume's data is on the sandbox's disk");
        assertTrue(diskUsedMb() >= QUOTA_MB - 16, diskUsedMb() + " MB used");
        fx.cli.run("volume", "rm", "fill").assertOk();
        assertTrue(diskUsedMb() < 16, diskUsedMb() + " MB used after volume rm");
    }

    @Test
    void a_build_whose_run_writes_past_the_quota_fails_cleanly() throws Exception {
        int imagesBefore = fx.space().images().list().size();
        CliResult r = fx.shell("mkdir -p /root/fill && cd /root/fill && printf 'FROM busybox\\nRUN " + ddPastTheQuota("/big")
                + "\\n' > Dockerfile && docker build -t fill:1 .");
        assertNotEquals(0, r.exitCode(), r.stdout());
        String all = r.stdout() + r.stderr();
        assertTrue(all.contains("No space left on device"), all);
        assertTrue(all.contains("returned a non-zero code"), all);
        assertEquals(imagesBefore, fx.space().images().list().size(), "no step image of the failed build was kept");
        // As Docker's legacy builder, the failed RUN's container stays (without --force-rm) until removed.
        fx.cli.run("container", "prune", "-f").assertOk();
        assertTrue(diskUsedMb() < 16, diskUsedMb() + " MB used after the failed build's container is removed");
        fx.ok("cd /root/fill && printf 'FROM busybox\\nRUN echo small > /small\\n' > Dockerfile && docker build -q -t small:1 .");
        assertEquals("small", fx.cli.run("run", "--rm", "small:1", "cat", "/small").assertOk().stdout().strip());
        fx.cli.run("rmi", "small:1").assertOk();
    }

    @Test
    void a_commit_that_would_pass_the_quota_is_refused_with_the_quota_message() throws Exception {
        fx.cli.run("run", "--name", "forty", "busybox", "sh", "-c", "dd if=/dev/zero of=/forty bs=1M count=40").assertOk();
        int imagesBefore = fx.space().images().list().size();
        CliResult r = fx.cli.run("commit", "forty", "forty:1");
        assertNotEquals(0, r.exitCode(), r.out());
        assertTrue(r.stderr().contains(QUOTA_MESSAGE), r.stderr());
        assertEquals(imagesBefore, fx.space().images().list().size(), "no image was made");
        fx.cli.run("rm", "forty").assertOk();
        fx.cli.run("run", "--name", "small", "busybox", "sh", "-c", "echo hi > /hi").assertOk();
        fx.cli.run("commit", "small", "small-commit:1").assertOk();
        fx.cli.run("rm", "small").assertOk();
        fx.cli.run("rmi", "small-commit:1").assertOk();
    }

    @Test
    void a_load_past_the_quota_is_refused_with_the_quota_message_and_stores_nothing() throws Exception {
        Path archive = fx.data.resolve("big.tar");
        writeImageArchive(archive, "big:1", (QUOTA_MB + 36) << 20);
        int imagesBefore = fx.space().images().list().size();
        var blobsBefore = fx.engine.content().list();
        CliResult r = fx.cli.run("load", "-i", archive.toString());
        assertNotEquals(0, r.exitCode(), r.out());
        assertTrue(r.stderr().contains(QUOTA_MESSAGE), r.out() + r.stderr());
        assertEquals(imagesBefore, fx.space().images().list().size());
        assertEquals(blobsBefore, fx.engine.content().list(), "no blob of the archive was kept");
        try (var ingest = Files.list(dataDir().resolve("content/ingest"))) {
            assertEquals(0, ingest.filter(p -> p.getFileName().toString().endsWith(".part")).count(), "no ingest file left");
        }
        Path small = fx.data.resolve("small.tar");
        writeImageArchive(small, "small-load:1", 1 << 20);
        assertTrue(fx.cli.run("load", "-i", small.toString()).assertOk().stdout().contains("Loaded image: small-load:1"));
        fx.cli.run("rmi", "small-load:1").assertOk();
    }

    @Test
    void a_docker_cp_upload_past_the_quota_is_spooled_on_the_sandbox_disk_and_refused() throws Exception {
        Path tar = fx.data.resolve("upload.tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            writeTarEntry(out, "data.bin", (QUOTA_MB + 36) << 20, true);
            out.write(new byte[1024]);
        }
        fx.cli.run("create", "--name", "cpdst", "busybox").assertOk();
        try {
            ProcessBuilder pb = new ProcessBuilder(DockerCli.BINARY.toString(), "cp", "-", "cpdst:/")
                    .redirectInput(tar.toFile()).redirectErrorStream(true);
            pb.environment().put("DOCKER_HOST", "unix://" + fx.sandbox.apiSocket());
            pb.environment().put("HOME", System.getProperty("java.io.tmpdir"));
            Process cp = pb.start();
            String out = new String(cp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals(0, cp.waitFor(), out);
            assertTrue(out.contains(QUOTA_MESSAGE), out);
        } finally {
            fx.cli.run("rm", "cpdst").assertOk();
        }
        assertTrue(diskUsedMb() < 16, diskUsedMb() + " MB used: the spooled upload is gone");
    }

    @Test
    void system_df_ps_s_and_info_show_the_use() throws Exception {
        fx.cli.run("run", "--name", "twenty", "busybox", "sh", "-c", "dd if=/dev/zero of=/twenty bs=1M count=20").assertOk();
        try {
            String df = fx.cli.run("system", "df").assertOk().stdout();
            String containersRow = Arrays.stream(df.split("\n")).filter(l -> l.startsWith("Containers")).findFirst().orElseThrow();
            assertTrue(containersRow.contains("20.97MB"), df);
            String ps = fx.cli.run("ps", "-a", "-s", "--filter", "name=twenty", "--format", "{{.Size}}").assertOk().stdout();
            assertTrue(ps.startsWith("21MB ("), ps); // 20 MiB, the CLI rounds to 3 digits
            String info = fx.cli.run("info").assertOk().stdout();
            assertTrue(info.contains("Sandbox disk quota: 64 MB"), info);
            assertTrue(info.matches("(?s).*Sandbox disk used: 2[0-9] MB.*"), info);
        } finally {
            fx.cli.run("rm", "twenty").assertOk();
        }
    }

    @Test
    void removing_a_sandbox_releases_its_loop_device_and_mount() throws Exception {
        Sandbox other = fx.service.create(QUOTA_MB << 20);
        Path image = dataDir().resolve("sandbox-disks").resolve(other.id() + ".img");
        Path mount = dataDir().resolve("sandbox-disks").resolve(other.id());
        assertTrue(Files.exists(image));
        assertTrue(mountinfo().contains(" " + mount + " "), "mounted while it lives");
        assertFalse(losetup(image).isBlank(), "its loop device while it lives");
        new DockerCli(other.apiSocket()).run("run", "-d", "--name", "busy", "-v", "v1:/v", "busybox", "sh", "-c",
                "dd if=/dev/zero of=/v/f bs=1M count=8 2>/dev/null; sleep 600").assertOk();
        fx.service.delete(other.id());
        assertFalse(mountinfo().contains(mount.toString()), "no mount left: " + mountinfo());
        assertEquals("", losetup(image).strip(), "no loop device left");
        assertFalse(Files.exists(image));
        assertFalse(Files.exists(mount));
    }

    private static String mountinfo() throws IOException {
        return Files.readString(Path.of("/proc/self/mountinfo"));
    }

    private static String losetup(Path image) throws Exception {
        Process p = new ProcessBuilder("losetup", "-j", image.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /**
     * A decompression bomb: a layer of 1 GiB of zeros is about 1 MB gzipped, so it loads within the quota,
     * but unpacking it for a container would put 1 GiB on the host's shared layer store.
     */
    @Test
    void a_layer_that_unpacks_beyond_the_quota_is_refused_before_anything_is_unpacked() throws Exception {
        Path archive = fx.data.resolve("bomb.tar");
        long unpacked = 1L << 30;
        Path layer = fx.data.resolve("bomb-layer.tar.gz");
        var tarDigest = java.security.MessageDigest.getInstance("SHA-256");
        try (OutputStream file = Files.newOutputStream(layer);
             var gz = new java.util.zip.GZIPOutputStream(file, 1 << 16);
             var hashed = new java.security.DigestOutputStream(gz, tarDigest)) {
            writeTarEntry(hashed, "zeros.bin", unpacked, false);
            byte[] zeros = new byte[1 << 20];
            for (long left = unpacked; left > 0; left -= zeros.length) {
                hashed.write(zeros);
            }
            hashed.write(new byte[1024]);
        }
        String diffId = "sha256:" + java.util.HexFormat.of().formatHex(tarDigest.digest());
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"true\"]},\"rootfs\":"
                + "{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configName = Digest.of(config).hex() + ".json";
        byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"bomb:1\"],\"Layers\":[\"l/layer.tar\"]}]")
                .getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(archive)) {
            writeTarBytes(out, "manifest.json", manifest);
            writeTarBytes(out, configName, config);
            writeTarBytes(out, "l/layer.tar", Files.readAllBytes(layer));
            out.write(new byte[1024]);
        } finally {
            Files.deleteIfExists(layer);
        }
        fx.cli.run("load", "-i", archive.toString()).assertOk();
        java.util.Set<dev.layerlab.runtime.content.Digest> layersBefore = fx.engine.snapshots().layers();
        CliResult r = fx.cli.run("run", "--rm", "bomb:1");
        assertNotEquals(0, r.exitCode(), r.stdout());
        assertTrue(r.stderr().contains("disk quota of " + QUOTA_MB + " MB is used up"), r.stderr());
        assertEquals(layersBefore, fx.engine.snapshots().layers(), "the bomb's layer was unpacked");
        fx.cli.run("rmi", "bomb:1").assertOk();
        Files.deleteIfExists(archive);
    }

    /** A docker save archive of one image {@code tag} whose single layer holds a file of {@code bytes} random bytes. */
    static void writeImageArchive(Path archive, String tag, long bytes) throws IOException {
        Path layer = archive.resolveSibling(archive.getFileName() + ".layer");
        try (OutputStream out = Files.newOutputStream(layer)) {
            writeTarEntry(out, "data.bin", bytes, true);
            out.write(new byte[1024]);
        }
        String diffId = Digest.of(Files.readAllBytes(layer)).toString();
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"" + diffId + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configName = Digest.of(config).hex() + ".json";
        byte[] manifest = ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"" + tag + "\"],\"Layers\":[\"l/layer.tar\"]}]")
                .getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(archive)) {
            writeTarBytes(out, "manifest.json", manifest);
            writeTarBytes(out, configName, config);
            writeTarEntry(out, "l/layer.tar", Files.size(layer), false);
            try (var in = Files.newInputStream(layer)) {
                in.transferTo(out);
            }
            pad(out, Files.size(layer));
            out.write(new byte[1024]);
        } finally {
            Files.deleteIfExists(layer);
        }
    }

    private static void writeTarBytes(OutputStream out, String name, byte[] data) throws IOException {
        writeTarEntry(out, name, data.length, false);
        out.write(data);
        pad(out, data.length);
    }

    /** A ustar header for a regular file; with {@code randomBody} also its body of random bytes, padded. */
    private static void writeTarEntry(OutputStream out, String name, long size, boolean randomBody) throws IOException {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 0));
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        put(h, 257, "ustar");
        put(h, 263, "00");
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        out.write(h);
        if (randomBody) {
            java.util.Random random = new java.util.Random(size);
            byte[] buf = new byte[1 << 20];
            for (long left = size; left > 0; left -= buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
            pad(out, size);
        }
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }

    private static void pad(OutputStream out, long size) throws IOException {
        int rest = (int) (size % 512);
        if (rest != 0) {
            out.write(new byte[512 - rest]);
        }
    }
}
