package dev.layerlab.runtime.layer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** applyOnto: whiteouts delete, opaque markers spare this layer's entries, symlinks stay inside the root. */
class LayerApplyTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
    }

    private void apply(TarBuilder layer) throws IOException {
        LayerTars.applyOnto(layer.write(Files.createTempFile(tmp, "layer", ".tar")), root);
    }

    private List<String> names(String dir) throws IOException {
        try (var list = Files.list(root.resolve(dir))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void whiteoutDeletesRecursively() throws IOException {
        apply(new TarBuilder().dir("a").dir("a/b").file("a/b/c", "c").file("a/keep", "k"));
        apply(new TarBuilder().dir("a").file("a/.wh.b", ""));
        assertEquals(List.of("keep"), names("a"));
    }

    @Test
    void opaqueMarkerRemovesOlderContentButKeepsThisLayersEntries() throws IOException {
        apply(new TarBuilder().dir("d").file("d/old1", "1").dir("d/sub").file("d/sub/old2", "2").file("other", "o"));
        // The marker sits between this layer's own entries of d, on purpose.
        apply(new TarBuilder().dir("d").file("d/new1", "n1").file("d/.wh..wh..opq", "").file("d/new2", "n2")
                .dir("d/sub"));
        assertEquals(List.of("new1", "new2", "sub"), names("d"));
        assertEquals(List.of(), names("d/sub"));
        assertEquals("o", Files.readString(root.resolve("other")));
        assertFalse(Files.exists(root.resolve("d/.wh..wh..opq")));
    }

    @Test
    void entryOfAnotherTypeReplacesTheOldPath() throws IOException {
        apply(new TarBuilder().dir("x").file("x/inside", "i").file("y", "y").dir("z", 0755).file("z/keep", "k")
                .symlink("s", "x"));
        apply(new TarBuilder().file("x", "now a file").dir("y").file("y/child", "c").dir("z", 0700)
                .file("s", "no longer a link"));
        assertEquals("now a file", Files.readString(root.resolve("x")));
        assertEquals("c", Files.readString(root.resolve("y/child")));
        assertEquals("k", Files.readString(root.resolve("z/keep")), "a directory over a directory keeps content");
        assertEquals(0700, FileStat.of(root.resolve("z")).permissions());
        assertTrue(FileStat.of(root.resolve("s")).isRegular());
        assertTrue(Files.exists(root.resolve("x")));
    }

    @Test
    void rewritingAHardLinkedFileDoesNotChangeItsOtherName() throws IOException {
        apply(new TarBuilder().file("a", "shared").hardlink("b", "a"));
        apply(new TarBuilder().file("a", "new"));
        assertEquals("shared", Files.readString(root.resolve("b")));
    }

    @Test
    void symlinkedParentsInTheRootAreFollowedWithinIt() throws IOException {
        apply(new TarBuilder().dir("usr").dir("usr/lib").symlink("lib", "usr/lib"));
        apply(new TarBuilder().dir("lib").file("lib/libfoo.so", "elf"));
        // A "lib/" directory entry over the symlink replaces it, as in Docker; a file under it does not.
        assertTrue(FileStat.of(root.resolve("lib")).isDirectory());

        apply(new TarBuilder().symlink("lib64", "/usr/lib"));
        apply(new TarBuilder().file("lib64/libbar.so", "elf"));
        assertTrue(FileStat.of(root.resolve("lib64")).isSymlink());
        assertEquals("elf", Files.readString(root.resolve("usr/lib/libbar.so")));
    }

    @Test
    void absoluteSymlinkInTheRootCannotReachTheHost() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("precious"), "keep me");
        apply(new TarBuilder().symlink("out", host.toString()));

        apply(new TarBuilder().file("out/pwned", "x").file("out/.wh.precious", ""));
        try (var list = Files.list(host)) {
            assertEquals(List.of("precious"), list.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("keep me", Files.readString(host.resolve("precious")));
        assertEquals("x", Files.readString(root.resolve(host.toString().substring(1)).resolve("pwned")));
    }

    @Test
    void whiteoutOfASymlinkDeletesTheLinkNotItsTarget() throws IOException {
        apply(new TarBuilder().dir("data").file("data/f", "f").symlink("link", "data"));
        apply(new TarBuilder().file(".wh.link", ""));
        assertFalse(Files.exists(root.resolve("link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("f", Files.readString(root.resolve("data/f")));
    }

    @Test
    void hardLinkMayPointIntoAnEarlierLayer() throws IOException {
        apply(new TarBuilder().dir("base").file("base/f", "lower"));
        apply(new TarBuilder().hardlink("again", "base/f"));
        assertEquals(FileStat.of(root.resolve("base/f")).ino(), FileStat.of(root.resolve("again")).ino());
    }

    @Test
    void aufsMetadataEntriesAreIgnored() throws IOException {
        apply(new TarBuilder().dir(".wh..wh.plnk").file(".wh..wh.aufs", "").file("real", "r"));
        assertEquals(List.of("real"), names(""));
    }
}
