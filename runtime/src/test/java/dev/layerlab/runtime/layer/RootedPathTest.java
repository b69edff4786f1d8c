package dev.layerlab.runtime.layer;

import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class RootedPathTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createDirectories(root.resolve("etc"));
    }

    private void link(String name, String target) throws IOException {
        Files.createSymbolicLink(root.resolve(name), Path.of(target));
    }

    @Test
    void plainPathsAndMissingComponentsResolveLiterally() throws IOException {
        assertEquals(root.resolve("etc/passwd"), RootedPath.resolve(root, "/etc/passwd"));
        assertEquals(root.resolve("no/such/dir"), RootedPath.resolve(root, "no/such/./dir/"));
        assertEquals(root, RootedPath.resolve(root, "/"));
        assertEquals(root, RootedPath.resolve(root, ""));
    }

    @Test
    void dotDotAtTheRootStaysAtTheRoot() throws IOException {
        assertEquals(root.resolve("etc/passwd"), RootedPath.resolve(root, "../../../etc/passwd"));
        assertEquals(root.resolve("etc"), RootedPath.resolve(root, "usr/../../../etc"));
    }

    @Test
    void relativeSymlinkInAParentIsFollowedInsideTheRoot() throws IOException {
        link("lib", "usr/lib");
        assertEquals(root.resolve("usr/lib/libc.so"), RootedPath.resolve(root, "/lib/libc.so"));
        assertEquals(root.resolve("usr/lib/libc.so"), RootedPath.resolveNoFollow(root, "lib/libc.so"));
    }

    @Test
    void absoluteSymlinkTargetRestartsAtTheRootNotTheHost() throws IOException {
        Path host = Files.createDirectories(tmp.resolve("host"));
        link("escape", host.toString());
        assertEquals(root.resolve(host.toString().substring(1) + "/x"), RootedPath.resolve(root, "escape/x"));
        link("etc/localtime", "/usr/share/zoneinfo/UTC");
        assertEquals(root.resolve("usr/share/zoneinfo/UTC"), RootedPath.resolve(root, "etc/localtime"));
    }

    @Test
    void relativeSymlinkClimbingAboveTheRootIsClamped() throws IOException {
        link("etc/up", "../../../../../tmp");
        assertEquals(root.resolve("tmp/f"), RootedPath.resolve(root, "etc/up/f"));
    }

    @Test
    void dotDotAfterASymlinkGoesToTheTargetsParent() throws IOException {
        link("lib", "usr/lib");
        assertEquals(root.resolve("usr/x"), RootedPath.resolve(root, "lib/../x"));
    }

    @Test
    void lastComponentIsFollowedOnlyByResolve() throws IOException {
        link("lib", "usr/lib");
        assertEquals(root.resolve("usr/lib"), RootedPath.resolve(root, "lib"));
        assertEquals(root.resolve("lib"), RootedPath.resolveNoFollow(root, "lib"));
    }

    @Test
    void chainsOfLinksAreFollowed() throws IOException {
        link("a", "b");
        link("b", "/c");
        link("c", "usr/../etc");
        assertEquals(root.resolve("etc/hosts"), RootedPath.resolve(root, "a/hosts"));
    }

    @Test
    void loopsAreAnErrorNotAHang() throws IOException {
        link("loop1", "loop2");
        link("loop2", "/loop1");
        link("self", "./self");
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> RootedPath.resolve(root, "loop1/x"));
        assertTrue(e.getMessage().contains("too many levels of symbolic links"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> RootedPath.resolve(root, "self"));
        // Not following the last component means a looping leaf is just a name.
        assertEquals(root.resolve("self"), RootedPath.resolveNoFollow(root, "self"));
    }

    @Test
    void aLongButFiniteChainIsFine() throws IOException {
        for (int i = 0; i < 200; i++) {
            link("l" + i, "l" + (i + 1));
        }
        Files.createDirectory(root.resolve("l200"));
        assertEquals(root.resolve("l200/f"), RootedPath.resolve(root, "l0/f"));
    }
}
