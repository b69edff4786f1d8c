package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.sys.LibC;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** In an overlay diff dir, whiteouts become overlay's own markers instead of deleting anything. */
class LayerWhiteoutTest {
    @TempDir
    Path tmp;

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    private static long rdev(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
    }

    private static String opaqueXattr(Path dir) {
        byte[] buf = new byte[16];
        long n = LibC.INSTANCE.lgetxattr(dir.toString(), "trusted.overlay.opaque", buf, buf.length);
        return new String(buf, 0, (int) n, StandardCharsets.US_ASCII);
    }

    @Test
    void whiteoutBecomesACharDeviceZeroZero() throws IOException {
        Path diff = tmp.resolve("diff");
        LayerTars.extractAsOverlayDiff(new TarBuilder().dir("etc").file("etc/.wh.motd", "")
                .file(".wh.top-level", "").write(tmp.resolve("l.tar")), diff);
        for (Path w : List.of(diff.resolve("etc/motd"), diff.resolve("top-level"))) {
            assertEquals(0020000, mode(w) & 0170000, w + " is a char device");
            assertEquals(0, rdev(w));
        }
        assertFalse(Files.exists(diff.resolve("etc/.wh.motd"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void opaqueMarkerBecomesTheOverlayXattr() throws IOException {
        Path diff = tmp.resolve("diff");
        LayerTars.extractAsOverlayDiff(new TarBuilder().dir("var").dir("var/cache").file("var/cache/.wh..wh..opq", "")
                .file("var/cache/fresh", "new").file("implicit/.wh..wh..opq", "")
                .write(tmp.resolve("l.tar")), diff);
        assertEquals("y", opaqueXattr(diff.resolve("var/cache")));
        assertEquals("y", opaqueXattr(diff.resolve("implicit")), "the marker's directory is created if missing");
        assertEquals(0755, FileStat.of(diff.resolve("implicit")).permissions());
        try (var list = Files.list(diff.resolve("var/cache"))) {
            assertEquals(List.of("fresh"), list.map(p -> p.getFileName().toString()).toList());
        }
        assertFalse(Xattrs.isOpaque(diff.resolve("var")));
    }

    @Test
    void aLaterWhiteoutReplacesAnEarlierEntryOfTheSameLayer() throws IOException {
        Path diff = tmp.resolve("diff");
        LayerTars.extractAsOverlayDiff(new TarBuilder().dir("d").file("d/x", "x").file("d/.wh.x", "")
                .write(tmp.resolve("l.tar")), diff);
        assertTrue(FileStat.of(diff.resolve("d/x")).isWhiteout());
    }
}
