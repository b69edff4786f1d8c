package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Compression;

import dev.layerlab.runtime.error.InvalidArgumentException;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class LayerValidationTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0\n");
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
    }

    static Stream<Arguments> badEntries() {
        return Stream.of(
                bad("/etc/x", "absolute path", t -> t.file("/etc/x", "x")),
                bad("../x", "climbs out", t -> t.file("../x", "x")),
                bad("a/../../x", "climbs out", t -> t.file("a/../../x", "x")),
                bad("./../x/", "climbs out", t -> t.dir("./../x/")),
                bad("h", "is absolute", t -> t.hardlink("h", "/etc/passwd")),
                bad("h", "climbs out", t -> t.hardlink("h", "a/../../etc/passwd")),
                bad("a/b/l", "climbs above", t -> t.symlink("a/b/l", "../../../etc/shadow")),
                bad("up", "climbs above", t -> t.symlink("up", "..")),
                bad("dev/null", "device", t -> t.device("dev/null", TarConstants.LF_CHR)),
                bad("dev/sda", "device", t -> t.device("dev/sda", TarConstants.LF_BLK)),
                bad("d/.wh..", "whiteout", t -> t.file("d/.wh..", "")),
                bad(".", "layer root", t -> t.symlink(".", "etc")));
    }

    private static Arguments bad(String entry, String reason, Consumer<TarBuilder> addBadEntry) {
        return Arguments.of(entry, reason, addBadEntry);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badEntries")
    void aBadEntryAnywhereRefusesTheWholeLayer(String entry, String reason, Consumer<TarBuilder> addBadEntry)
            throws IOException {
        TarBuilder tar = new TarBuilder().dir("ok").file("ok/first", "written before the bad entry");
        addBadEntry.accept(tar);
        tar.file("etc/passwd", "clobbered");
        Path blob = tar.write(tmp.resolve("blob.tar"));
        assertRefused(blob, entry, reason);
    }

    private void assertRefused(Path blob, String entryName, String reason) throws IOException {
        Map<String, String> rootBefore = TreeSnapshot.of(root);
        Map<String, String> tmpBefore = TreeSnapshot.of(tmp);
        Path target = tmp.resolve("diff");

        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> LayerTars.extractAsOverlayDiff(blob, target));
        assertTrue(e.getMessage().contains("\"" + entryName + "\""), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(tmpBefore, TreeSnapshot.of(tmp), "no temp directory may be left behind");

        InvalidArgumentException e2 = assertThrows(InvalidArgumentException.class,
                () -> LayerTars.applyOnto(blob, root));
        assertEquals(e.getMessage(), e2.getMessage());
        assertEquals(rootBefore, TreeSnapshot.of(root));
    }

    @Test
    void corruptHeaderIsRefused() throws IOException {
        byte[] tar = new TarBuilder().file("a", "aaa").file("b", "bbb").bytes();
        tar[1024 + 10] ^= 0x55; // inside the name of the second header, so its checksum no longer matches
        Path blob = TarBuilder.write(tmp.resolve("blob"), tar, Compression.NONE);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> LayerTars.extractAsOverlayDiff(blob, tmp.resolve("diff")));
        assertTrue(e.getMessage().contains("corrupt layer tar: header checksum mismatch"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("diff")));
    }

    @Test
    void truncatedDataIsRefused() throws IOException {
        byte[] full = new TarBuilder().file("a", "aaa").file("big", "x".repeat(5000)).bytes();
        byte[] cut = java.util.Arrays.copyOf(full, 1024 + 512 + 2048); // stops inside big's data
        for (Compression c : Compression.values()) {
            Path blob = TarBuilder.write(tmp.resolve("blob-" + c), cut, c);
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                    () -> LayerTars.extractAsOverlayDiff(blob, tmp.resolve("diff")));
            assertTrue(e.getMessage().contains("truncated layer tar: data of \"big\" ends early"), e.getMessage());
            assertFalse(Files.exists(tmp.resolve("diff")));
        }
    }

    @Test
    void partialHeaderIsRefused() throws IOException {
        byte[] full = new TarBuilder().file("a", "aaa").file("b", "bbb").bytes();
        Path blob = TarBuilder.write(tmp.resolve("blob"), java.util.Arrays.copyOf(full, 1024 + 100), Compression.NONE);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> LayerTars.applyOnto(blob, root));
        assertTrue(e.getMessage().contains("truncated layer tar: partial header"), e.getMessage());
    }

    @Test
    void truncatedCompressedStreamIsRefused() throws IOException {
        byte[] tar = new TarBuilder().file("f", "some content ".repeat(1000)).bytes();
        Path gz = TarBuilder.write(tmp.resolve("blob.gz"), tar, Compression.GZIP);
        byte[] compressed = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(compressed, compressed.length / 2));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> LayerTars.extractAsOverlayDiff(gz, tmp.resolve("diff")));
        assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("diff")));
    }

    @Test
    void normalImageContentIsAccepted() throws IOException {
        Path blob = new TarBuilder().dir("./").dir("./usr").dir("./usr/share/").file("./usr/share/../share/f", "f")
                .symlink("./etc-localtime", "/usr/share/zoneinfo/UTC")
                .symlink("usr/share/up", "../../etc/passwd")
                .fifo("./run-fifo")
                .hardlink("./again", "usr/share/f")
                .write(tmp.resolve("blob"));
        LayerTars.extractAsOverlayDiff(blob, tmp.resolve("diff"));
        Path diff = tmp.resolve("diff");
        assertEquals("f", Files.readString(diff.resolve("usr/share/f")));
        assertEquals(Path.of("/usr/share/zoneinfo/UTC"), Files.readSymbolicLink(diff.resolve("etc-localtime")));
        assertTrue(FileStat.of(diff.resolve("run-fifo")).isFifo());
        assertEquals(FileStat.of(diff.resolve("usr/share/f")).ino(), FileStat.of(diff.resolve("again")).ino());
    }

    @Test
    void anEntryCannotWriteThroughASymlinkFromTheSameLayer() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("host-dir"));
        Path blob = new TarBuilder().dir("sub").symlink("a", "sub").file("a/x", "through the link")
                .write(tmp.resolve("blob1"));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> LayerTars.extractAsOverlayDiff(blob, tmp.resolve("diff")));
        assertTrue(e.getMessage().contains("\"a/x\"") && e.getMessage().contains("symlink"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("diff")));

        Path blob2 = new TarBuilder().symlink("evil", host.toString()).file("evil/pwned", "x")
                .write(tmp.resolve("blob2"));
        assertThrows(InvalidArgumentException.class, () -> LayerTars.extractAsOverlayDiff(blob2, tmp.resolve("diff")));
        assertFalse(Files.exists(tmp.resolve("diff")));
        try (var list = Files.list(host)) {
            assertEquals(0, list.count());
        }
    }

    @Test
    void hardLinkToSomethingNotInTheLayerFailsCleanly() throws IOException {
        Path blob = new TarBuilder().file("a", "a").hardlink("b", "missing").write(tmp.resolve("blob"));
        Map<String, String> before = TreeSnapshot.of(tmp);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> LayerTars.extractAsOverlayDiff(blob, tmp.resolve("diff")));
        assertTrue(e.getMessage().contains("\"b\"") && e.getMessage().contains("missing"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("diff")));
        assertEquals(before, TreeSnapshot.of(tmp));
    }
}
