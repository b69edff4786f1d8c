package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.content.Compression;

import dev.layerlab.runtime.content.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class LayerCompressionTest {
    @TempDir
    Path tmp;

    private static byte[] sampleTar() {
        return new TarBuilder().dir("etc").file("etc/hostname", "layerlab\n").symlink("etc/mtab", "/proc/mounts")
                .bytes();
    }

    @Test
    void detectsCompressionByMagicBytes() throws IOException {
        byte[] tar = sampleTar();
        for (Compression c : Compression.values()) {
            Path blob = TarBuilder.write(tmp.resolve("blob-" + c), tar, c);
            byte[] head = Files.readAllBytes(blob);
            assertEquals(c, Compression.sniff(head, head.length), "blob written as " + c);
        }
        assertEquals(Compression.NONE, Compression.sniff(new byte[] {0x1f}, 1));
        assertEquals(Compression.NONE, Compression.sniff(new byte[] {0x28, (byte) 0xb5, 0x2f, 0}, 4));
    }

    @Test
    void diffIdIsTheDigestOfTheUncompressedTarWhateverTheCompression() throws IOException {
        byte[] tar = sampleTar();
        Digest expected = Digest.of(tar);
        Set<Digest> seen = new HashSet<>();
        for (Compression c : Compression.values()) {
            Path blob = TarBuilder.write(tmp.resolve("blob-" + c), tar, c);
            Path diff = tmp.resolve("diff-" + c);
            LayerTars.LayerStats stats = LayerTars.extractAsOverlayDiff(blob, diff);
            assertEquals(expected, stats.diffId(), c.toString());
            assertEquals(tar.length, stats.uncompressedTarSize());
            assertEquals("layerlab\n".length(), stats.contentSize());
            assertEquals("layerlab\n", Files.readString(diff.resolve("etc/hostname")));
            assertEquals(Path.of("/proc/mounts"), Files.readSymbolicLink(diff.resolve("etc/mtab")));

            Path root = Files.createDirectories(tmp.resolve("root-" + c));
            seen.add(LayerTars.applyOnto(blob, root).diffId());
            assertEquals("layerlab\n", Files.readString(root.resolve("etc/hostname")));
        }
        assertEquals(Set.of(expected), seen);
    }

    @Test
    void aTarWithoutEndOfArchiveBlocksStillApplies() throws IOException {
        byte[] tar = new TarBuilder().dir("a").file("a/b", "bee").bytesWithoutEndMarker();
        Path blob = TarBuilder.write(tmp.resolve("blob"), tar, Compression.GZIP);
        LayerTars.LayerStats stats = LayerTars.extractAsOverlayDiff(blob, tmp.resolve("diff"));
        assertEquals(Digest.of(tar), stats.diffId());
        assertEquals("bee", Files.readString(tmp.resolve("diff/a/b")));
    }

    @Test
    void trailingBytesAfterTheEndMarkerCountInTheDiffId() throws IOException {
        byte[] tar = new TarBuilder().file("f", "x").bytes();
        byte[] padded = java.util.Arrays.copyOf(tar, tar.length + 10240); // GNU tar pads to 10 KiB records
        Path blob = TarBuilder.write(tmp.resolve("blob"), padded, Compression.ZSTD);
        LayerTars.LayerStats stats = LayerTars.applyOnto(blob, Files.createDirectories(tmp.resolve("root")));
        assertEquals(Digest.of(padded), stats.diffId());
        assertEquals(padded.length, stats.uncompressedTarSize());
    }

    @Test
    void anEmptyLayerIsValid() throws IOException {
        byte[] tar = new byte[1024];
        Path blob = TarBuilder.write(tmp.resolve("blob"), tar, Compression.NONE);
        LayerTars.LayerStats stats = LayerTars.extractAsOverlayDiff(blob, tmp.resolve("diff"));
        assertEquals(Digest.of(tar), stats.diffId());
        assertTrue(Files.isDirectory(tmp.resolve("diff")));
        assertEquals(0755, FileStat.of(tmp.resolve("diff")).permissions());
    }
}
