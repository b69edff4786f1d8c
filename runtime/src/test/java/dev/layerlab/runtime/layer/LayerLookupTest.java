package dev.layerlab.runtime.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LayerLookupTest {
    @TempDir
    Path tmp;

    private Path layer(String name, String... files) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(name));
        for (String f : files) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.writeString(root.resolve(f), name);
        }
        return root;
    }

    @Test
    void topmostLayerWithThePathWins() throws IOException {
        Path bottom = layer("bottom", "etc/passwd", "etc/group", "bin/sh");
        Path top = layer("top", "etc/passwd");
        List<Path> layers = List.of(top, bottom);
        assertEquals(0, LayerLookup.whichLayer("/etc/passwd", layers));
        assertEquals(1, LayerLookup.whichLayer("/etc/group", layers));
        assertEquals(0, LayerLookup.whichLayer("/etc", layers));
        assertEquals(1, LayerLookup.whichLayer("/bin", layers));
        assertEquals(0, LayerLookup.whichLayer("/", layers));
        assertEquals(-1, LayerLookup.whichLayer("/nope", layers));
        assertEquals(-1, LayerLookup.whichLayer("/etc/passwd", List.of()));
    }

    @Test
    void whiteoutsHideTheFileAndEverythingBelowIt() throws IOException {
        Path bottom = layer("bottom", "usr/share/doc/a", "etc/motd");
        Path top = layer("top");
        Files.createDirectories(top.resolve("usr/share"));
        OverlayWhiteouts.writeWhiteout(top.resolve("usr/share/doc"));
        Files.createDirectories(top.resolve("etc"));
        OverlayWhiteouts.writeWhiteout(top.resolve("etc/motd"));
        List<Path> layers = List.of(top, bottom);
        assertEquals(-1, LayerLookup.whichLayer("/usr/share/doc", layers));
        assertEquals(-1, LayerLookup.whichLayer("/usr/share/doc/a", layers));
        assertEquals(-1, LayerLookup.whichLayer("/etc/motd", layers));
    }

    @Test
    void opaqueDirectoriesHideLowerContentButNotThemselves() throws IOException {
        Path bottom = layer("bottom", "cache/old", "cache/both");
        Path middle = layer("middle", "cache/both", "cache/new");
        OverlayWhiteouts.markOpaque(middle.resolve("cache"));
        Path top = layer("top", "other");
        List<Path> layers = List.of(top, middle, bottom);
        assertEquals(-1, LayerLookup.whichLayer("/cache/old", layers));
        assertEquals(1, LayerLookup.whichLayer("/cache/both", layers));
        assertEquals(1, LayerLookup.whichLayer("/cache/new", layers));
        assertEquals(1, LayerLookup.whichLayer("/cache", layers));
    }

    @Test
    void aNonDirectoryAboveHidesLowerSubtreesAndSymlinksAreNotFollowed() throws IOException {
        Path bottom = layer("bottom", "opt/tool/bin", "usr/lib/libc.so");
        Path top = layer("top", "opt");
        Files.createSymbolicLink(top.resolve("lib"), Path.of("usr/lib"));
        Path host = layer("host-secret", "libc.so");
        Files.createSymbolicLink(top.resolve("escape"), host);
        List<Path> layers = List.of(top, bottom);
        assertEquals(0, LayerLookup.whichLayer("/opt", layers));
        assertEquals(-1, LayerLookup.whichLayer("/opt/tool/bin", layers));
        assertEquals(0, LayerLookup.whichLayer("/lib", layers));
        assertEquals(-1, LayerLookup.whichLayer("/lib/libc.so", layers));
        assertEquals(-1, LayerLookup.whichLayer("/escape/libc.so", layers));
    }
}
