package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static dev.layerlab.runtime.build.context.Trees.*;
import static org.junit.jupiter.api.Assertions.*;

class FileCopierTest {
    @TempDir
    Path ctx;
    @TempDir
    Path rootfs;

    @BeforeEach
    void tree() throws IOException {
        file(ctx, "app.sh", "#!/bin/sh", 0755);
        file(ctx, "conf.txt", "conf", 0640);
        file(ctx, "dir/one.txt", "1");
        file(ctx, "dir/sub/two.txt", "2", 0600);
        symlink(ctx, "dir/link", "one.txt");
        Files.setAttribute(ctx.resolve("dir/sub"), "unix:mode", 0700);
        Files.setLastModifiedTime(ctx.resolve("dir/sub"), OLD);
        chown(ctx.resolve("conf.txt"), 1234, 1234);
        Files.createDirectories(rootfs.resolve("etc"));
    }

    private List<CopySource> src(String... patterns) throws IOException {
        return CopySources.match(ctx, List.of(patterns), "COPY");
    }

    private void copy(String dest, String workdir, FileCopier.Owner owner, String chmod, String... patterns)
            throws IOException {
        FileCopier.copy(src(patterns), rootfs, dest, workdir, owner, chmod);
    }

    @Test
    void fileToFilePathKeepsModeAndMtimeAndIsOwnedByRoot() throws IOException {
        copy("/usr/bin/run", "/", null, null, "app.sh");
        Path out = rootfs.resolve("usr/bin/run");
        assertEquals("#!/bin/sh", read(out));
        assertEquals(0755, mode(out));
        assertEquals(OLD, Files.getLastModifiedTime(out));
        copy("/c", "/", null, null, "conf.txt");
        assertEquals("0:0", owner(rootfs.resolve("c")));
        assertEquals(0640, mode(rootfs.resolve("c")));
    }

    @Test
    void fileIntoDirectoryKeepsItsName() throws IOException {
        copy("/opt/", "/", null, null, "app.sh");
        assertEquals("#!/bin/sh", read(rootfs.resolve("opt/app.sh")));
        copy("/etc", "/", null, null, "conf.txt"); // exists as a directory
        assertEquals("conf", read(rootfs.resolve("etc/conf.txt")));
        copy(".", "/work", null, null, "conf.txt"); // "." relative to WORKDIR
        assertEquals("conf", read(rootfs.resolve("work/conf.txt")));
        copy("rel/", "/work", null, null, "app.sh");
        assertTrue(Files.isRegularFile(rootfs.resolve("work/rel/app.sh")));
    }

    @Test
    void directorySourceCopiesItsContents() throws IOException {
        copy("/data", "/", null, null, "dir");
        assertFalse(Files.exists(rootfs.resolve("data/dir")));
        assertEquals("1", read(rootfs.resolve("data/one.txt")));
        assertEquals("2", read(rootfs.resolve("data/sub/two.txt")));
        assertEquals(0700, mode(rootfs.resolve("data/sub")));
        assertEquals(OLD, Files.getLastModifiedTime(rootfs.resolve("data/sub")));
        assertEquals(0600, mode(rootfs.resolve("data/sub/two.txt")));
        assertEquals(0755, mode(rootfs.resolve("data")));
        // Symlinks inside a copied directory stay symlinks.
        assertTrue(Files.isSymbolicLink(rootfs.resolve("data/link")));
        assertEquals(Path.of("one.txt"), Files.readSymbolicLink(rootfs.resolve("data/link")));
    }

    @Test
    void severalSourcesNeedADirectoryEndingInSlash() throws IOException {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> copy("/out", "/", null, null, "app.sh", "conf.txt"));
        assertEquals("When using COPY with more than one source file, the destination must be a directory and end with a /",
                e.getMessage());
        // A glob with two matches counts as several sources.
        assertThrows(InvalidArgumentException.class, () -> copy("/out", "/", null, null, "*.txt", "*.sh"));
        assertFalse(Files.exists(rootfs.resolve("out")));
        copy("/out/", "/", null, null, "app.sh", "conf.txt");
        assertTrue(Files.isRegularFile(rootfs.resolve("out/app.sh")));
        assertTrue(Files.isRegularFile(rootfs.resolve("out/conf.txt")));
    }

    @Test
    void missingParentsAreMade0755OwnedByTheChownOwner() throws IOException {
        copy("/a/b/c/file", "/", new FileCopier.Owner(1000, 1001), null, "conf.txt");
        for (String p : new String[]{"a", "a/b", "a/b/c"}) {
            assertEquals(0755, mode(rootfs.resolve(p)), p);
            assertEquals("1000:1001", owner(rootfs.resolve(p)), p);
        }
        assertEquals("1000:1001", owner(rootfs.resolve("a/b/c/file")));
        copy("/x/y/file", "/", null, null, "conf.txt");
        assertEquals("0:0", owner(rootfs.resolve("x/y")));
    }

    @Test
    void chownAndChmodApplyToEverythingCopiedButNotToAnExistingDestination() throws IOException {
        Files.createDirectories(rootfs.resolve("srv"));
        Files.setAttribute(rootfs.resolve("srv"), "unix:mode", 0711);
        copy("/srv", "/", new FileCopier.Owner(33, 33), "750", "dir");
        for (String p : new String[]{"srv/one.txt", "srv/sub", "srv/sub/two.txt"}) {
            assertEquals("33:33", owner(rootfs.resolve(p)), p);
            assertEquals(0750, mode(rootfs.resolve(p)), p);
        }
        assertEquals("33:33", owner(rootfs.resolve("srv/link")));
        assertEquals("0:0", owner(rootfs.resolve("srv")));
        assertEquals(0711, mode(rootfs.resolve("srv")));
        // A new destination directory is the copy's own, so it takes owner and mode.
        copy("/fresh", "/", new FileCopier.Owner(33, 33), "0700", "dir");
        assertEquals("33:33", owner(rootfs.resolve("fresh")));
        assertEquals(0700, mode(rootfs.resolve("fresh")));
    }

    @Test
    void preserveKeepsTheSourceOwners() throws IOException {
        copy("/keep", "/", FileCopier.Owner.PRESERVE, null, "conf.txt");
        assertEquals("1234:1234", owner(rootfs.resolve("keep")));
    }

    @Test
    void badChmodIsRefused() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> copy("/x", "/", null, "u+x", "conf.txt"));
        assertTrue(e.getMessage().startsWith("invalid chmod parameter: 'u+x'"), e.getMessage());
        assertThrows(InvalidArgumentException.class, () -> ChmodFlag.parse("10000"));
        assertEquals(04755, ChmodFlag.parse("4755"));
        assertNull(ChmodFlag.parse(null));
    }

    @Test
    void topLevelSymlinkIsFollowedButKeepsItsName() throws IOException {
        symlink(ctx, "alias", "conf.txt");
        symlink(ctx, "dirlink", "dir");
        copy("/t/", "/", null, null, "alias");
        Path out = rootfs.resolve("t/alias");
        assertFalse(Files.isSymbolicLink(out));
        assertEquals("conf", read(out));
        copy("/d", "/", null, null, "dirlink");
        assertEquals("1", read(rootfs.resolve("d/one.txt")));
    }

    @Test
    void destinationThroughAnImageSymlinkStaysInTheRootfs() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("cfg"), Path.of("/etc"));
        Files.createSymbolicLink(rootfs.resolve("up"), Path.of("../../../../../tmp"));
        copy("/cfg/", "/", null, null, "conf.txt");
        assertEquals("conf", read(rootfs.resolve("etc/conf.txt")));
        copy("/up/escaped.txt", "/", null, null, "conf.txt");
        assertTrue(Files.isRegularFile(rootfs.resolve("tmp/escaped.txt")));
        assertTrue(Files.isSymbolicLink(rootfs.resolve("up")));
    }

    @Test
    void existingSymlinkInsideACopiedDirectoryIsReplacedNotFollowed() throws IOException {
        Files.createDirectories(rootfs.resolve("data"));
        Files.createSymbolicLink(rootfs.resolve("data/sub"), Path.of("/etc"));
        copy("/data", "/", null, null, "dir");
        assertTrue(Files.isDirectory(rootfs.resolve("data/sub"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(rootfs.resolve("etc/two.txt")));
    }

    @Test
    void fileOverwritesAnExistingFile() throws IOException {
        Files.writeString(rootfs.resolve("etc/conf.txt"), "old and longer");
        copy("/etc/", "/", null, null, "conf.txt");
        assertEquals("conf", read(rootfs.resolve("etc/conf.txt")));
    }
}
