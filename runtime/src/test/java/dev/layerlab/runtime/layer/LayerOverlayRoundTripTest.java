package dev.layerlab.runtime.layer;

import com.sun.jna.LastErrorException;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sys.LibC;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.layerlab.runtime.layer.UpperDirChanges.Kind.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The whole cycle through a real overlayfs mount: two image layers as lower dirs, changes made through
 * the merged view, the upper dir archived, and all three layers applied flat must equal the merged view.
 */
class LayerOverlayRoundTripTest {
    private static final int MNT_DETACH = 2;

    @TempDir
    Path tmp;

    static TarBuilder baseLayer() {
        TarBuilder t = new TarBuilder().dir("etc").file("etc/passwd", "root:x:0:0\n").file("etc/keep", "keep")
                .file("etc/gone", "gone").dir("usr").dir("usr/bin").file("usr/bin/tool", "tool", 04755)
                .hardlink("usr/bin/tool2", "usr/bin/tool").dir("usr/lib").file("usr/lib/libc.so", "libc")
                .symlink("lib", "usr/lib").dir("data").file("data/old1", "1").dir("data/sub")
                .file("data/sub/old2", "2").dir("home").dir("home/user", 0700).file("home/user/.profile", "p");
        TarArchiveEntry owned = TarBuilder.entry("home/user/notes", TarConstants.LF_NORMAL);
        owned.setUserId(1000);
        owned.setGroupId(1000);
        owned.setMode(0100600);
        return t.add(owned, "notes".getBytes());
    }

    static TarBuilder secondLayer() {
        return new TarBuilder().dir("etc").file("etc/passwd", "root:x:0:0\nuser:x:1000:1000\n").file("etc/.wh.gone", "")
                .dir("usr").dir("usr/lib").file("usr/lib/.wh..wh..opq", "").file("usr/lib/libnew.so", "new")
                .dir("opt").file("opt/new", "opt").dir("run").fifo("run/ctl");
    }

    @Test
    void upperDirArchivedAndAppliedFlatEqualsTheMergedView() throws Exception {
        Path l1 = tmp.resolve("l1"), l2 = tmp.resolve("l2");
        LayerTars.extractAsOverlayDiff(baseLayer().write(tmp.resolve("l1.tar")), l1);
        LayerTars.extractAsOverlayDiff(secondLayer().write(tmp.resolve("l2.tar")), l2);
        Path upper = Files.createDirectory(tmp.resolve("upper"));
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path merged = Files.createDirectory(tmp.resolve("merged"));

        Map<String, String> mergedView;
        LibC.INSTANCE.mount("overlay", merged.toString(), "overlay", 0,
                "lowerdir=" + l2 + ":" + l1 + ",upperdir=" + upper + ",workdir=" + work);
        try {
            try (var list = Files.list(merged.resolve("usr/lib"))) {
                assertEquals(List.of("libnew.so"), list.map(p -> p.getFileName().toString()).toList());
            }
            assertFalse(Files.exists(merged.resolve("etc/gone")));
            changeThroughMergedView(merged);
            mergedView = TreeSnapshot.of(merged);
        } finally {
            unmount(merged);
        }

        Path upperTar = tmp.resolve("upper.tar");
        try (OutputStream out = Files.newOutputStream(upperTar)) {
            LayerTars.writeLayer(upper, out);
        }
        Path flat = Files.createDirectory(tmp.resolve("flat"));
        LayerTars.applyOnto(tmp.resolve("l1.tar"), flat);
        LayerTars.applyOnto(tmp.resolve("l2.tar"), flat);
        LayerTars.applyOnto(upperTar, flat);

        assertEquals(mergedView, TreeSnapshot.of(flat));
        assertTrue(mergedView.get("usr/bin/newsu").startsWith("file 4755 0:0"), mergedView.get("usr/bin/newsu"));
        assertTrue(mergedView.get("data/fresh").startsWith("file 0644 2000:3000"), mergedView.get("data/fresh"));
        assertFalse(mergedView.containsKey("data/old1"));

        assertChanges(upper, List.of(l2, l1));
        assertLookups(upper, l2, l1);
    }

    /** Lazily detaches if something still holds the mount, so @TempDir cleanup never deletes through it. */
    private static void unmount(Path merged) {
        try {
            LibC.INSTANCE.umount2(merged.toString(), 0);
        } catch (LastErrorException e) {
            LibC.INSTANCE.umount2(merged.toString(), MNT_DETACH);
            throw e;
        }
    }

    private static void changeThroughMergedView(Path m) throws IOException {
        Files.writeString(m.resolve("etc/passwd"), "root:x:0:0\nlayerlab:x:1:1\n");
        Files.move(m.resolve("etc/keep"), m.resolve("etc/kept"));
        Files.delete(m.resolve("usr/bin/tool"));
        Files.writeString(m.resolve("usr/bin/newsu"), "su");
        LibC.INSTANCE.chmod(m.resolve("usr/bin/newsu").toString(), 04755);
        Files.createDirectories(m.resolve("new/dir"));
        Files.writeString(m.resolve("new/dir/file"), "new file");
        // rm -rf data && mkdir data: overlayfs records this as an opaque directory in the upper dir.
        AtomicFiles.deleteTree(m.resolve("data"));
        Files.createDirectory(m.resolve("data"));
        Files.writeString(m.resolve("data/fresh"), "fresh");
        LibC.INSTANCE.chmod(m.resolve("data/fresh").toString(), 0644);
        LibC.INSTANCE.lchown(m.resolve("data/fresh").toString(), 2000, 3000);
        AtomicFiles.deleteTree(m.resolve("home/user"));
        LibC.INSTANCE.chmod(m.resolve("opt/new").toString(), 0600);
        Files.createSymbolicLink(m.resolve("link-new"), Path.of("/etc/passwd"));
        LibC.INSTANCE.mkfifo(m.resolve("run/ctl2").toString(), 0620);
    }

    private static void assertChanges(Path upper, List<Path> lowers) throws IOException {
        assertTrue(Xattrs.isOpaque(upper.resolve("data")), "overlayfs made data opaque");
        assertEquals(List.of(
                new UpperDirChanges.Change("/data", MODIFIED),
                new UpperDirChanges.Change("/data/fresh", ADDED),
                new UpperDirChanges.Change("/etc", MODIFIED),
                new UpperDirChanges.Change("/etc/keep", DELETED),
                new UpperDirChanges.Change("/etc/kept", ADDED),
                new UpperDirChanges.Change("/etc/passwd", MODIFIED),
                new UpperDirChanges.Change("/home", MODIFIED),
                new UpperDirChanges.Change("/home/user", DELETED),
                new UpperDirChanges.Change("/link-new", ADDED),
                new UpperDirChanges.Change("/new", ADDED),
                new UpperDirChanges.Change("/new/dir", ADDED),
                new UpperDirChanges.Change("/new/dir/file", ADDED),
                new UpperDirChanges.Change("/opt", MODIFIED),
                new UpperDirChanges.Change("/opt/new", MODIFIED),
                new UpperDirChanges.Change("/run", MODIFIED),
                new UpperDirChanges.Change("/run/ctl2", ADDED),
                new UpperDirChanges.Change("/usr", MODIFIED),
                new UpperDirChanges.Change("/usr/bin", MODIFIED),
                new UpperDirChanges.Change("/usr/bin/newsu", ADDED),
                new UpperDirChanges.Change("/usr/bin/tool", DELETED)), UpperDirChanges.list(upper, lowers));
    }

    private static void assertLookups(Path upper, Path l2, Path l1) throws IOException {
        List<Path> image = List.of(l2, l1);
        assertEquals(0, LayerLookup.whichLayer("/etc/passwd", image));
        assertEquals(1, LayerLookup.whichLayer("/etc/keep", image));
        assertEquals(-1, LayerLookup.whichLayer("/etc/gone", image), "whited out in l2");
        assertEquals(-1, LayerLookup.whichLayer("/usr/lib/libc.so", image), "usr/lib is opaque in l2");
        assertEquals(0, LayerLookup.whichLayer("/usr/lib/libnew.so", image));
        assertEquals(0, LayerLookup.whichLayer("/usr", image));
        assertEquals(1, LayerLookup.whichLayer("/lib", image));

        List<Path> container = List.of(upper, l2, l1);
        assertEquals(-1, LayerLookup.whichLayer("/usr/bin/tool", container));
        assertEquals(2, LayerLookup.whichLayer("/usr/bin/tool2", container));
        assertEquals(-1, LayerLookup.whichLayer("/data/old1", container));
        assertEquals(0, LayerLookup.whichLayer("/data/fresh", container));
        assertEquals(-1, LayerLookup.whichLayer("/home/user/notes", container));
        assertEquals(0, LayerLookup.whichLayer("../opt/../etc//passwd/", image), "looked up as normalised");
    }
}
