package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static dev.layerlab.runtime.build.context.Trees.*;
import static org.junit.jupiter.api.Assertions.*;

class BuildContextTest {
    private static final long MB = 1024 * 1024;

    @TempDir
    Path work;

    private long entriesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void receivesAPlainTarAndDeletesItOnClose() throws IOException {
        byte[] tar = new TestTars().file("Dockerfile", "FROM busybox\n").file("src/app.txt", "hello").bytes();
        Path root;
        try (BuildContext ctx = BuildContext.receive(new ByteArrayInputStream(tar), work, MB)) {
            root = ctx.root();
            assertTrue(root.startsWith(work));
            assertEquals("hello", read(root.resolve("src/app.txt")));
            assertEquals("FROM busybox\n", ctx.dockerfile("Dockerfile"));
        }
        assertFalse(Files.exists(root));
        assertEquals(0, entriesIn(work));
    }

    @Test
    void receivesGzipAndATarWithoutEndBlocks() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GzipCompressorOutputStream out = new GzipCompressorOutputStream(gz)) {
            out.write(new TestTars().file("a", "gz").bytes());
        }
        try (BuildContext ctx = BuildContext.receive(new ByteArrayInputStream(gz.toByteArray()), work, MB)) {
            assertEquals("gz", read(ctx.root().resolve("a")));
        }
        byte[] cut = new TestTars().file(".dockerfile.0123abcd", "FROM scratch\n").withoutEndBlocks();
        assertEquals(0, cut.length % 512);
        try (BuildContext ctx = BuildContext.receive(new ByteArrayInputStream(cut), work, MB)) {
            assertEquals("FROM scratch\n", ctx.dockerfile(".dockerfile.0123abcd"));
        }
    }

    @Test
    void overTheLimitLeavesNothingBehind() throws IOException {
        byte[] tar = new TestTars().file("big", new byte[(int) (2 * MB)], 0644, 0).bytes();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> BuildContext.receive(new ByteArrayInputStream(tar), work, MB));
        assertEquals("build context is larger than the limit of 1 MB", e.getMessage());
        assertEquals(0, entriesIn(work));
    }

    @Test
    void unsafeEntriesAreRefusedAndNothingIsLeft() throws IOException {
        byte[] tar = new TestTars().file("ok.txt", "fine").file("../escape.txt", "bad").bytes();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> BuildContext.receive(new ByteArrayInputStream(tar), work, MB));
        assertTrue(e.getMessage().startsWith("invalid build context: "), e.getMessage());
        assertTrue(e.getMessage().contains("../escape.txt"), e.getMessage());
        assertEquals(0, entriesIn(work));
        assertFalse(Files.exists(work.getParent().resolve("escape.txt")));
        byte[] link = new TestTars().symlink("up", "../../../etc").bytes();
        assertThrows(InvalidArgumentException.class, () -> BuildContext.receive(new ByteArrayInputStream(link), work, MB));
        assertEquals(0, entriesIn(work));
    }

    @Test
    void missingDockerfileGivesDockersMessage() throws IOException {
        byte[] tar = new TestTars().file("a", "x").file("empty", "").bytes();
        try (BuildContext ctx = BuildContext.receive(new ByteArrayInputStream(tar), work, MB)) {
            NotFoundException e = assertThrows(NotFoundException.class, () -> ctx.dockerfile("sub/Dockerfile"));
            assertEquals("Cannot locate specified Dockerfile: sub/Dockerfile", e.getMessage());
            InvalidArgumentException empty = assertThrows(InvalidArgumentException.class, () -> ctx.dockerfile("empty"));
            assertEquals("the Dockerfile (empty) cannot be empty", empty.getMessage());
        }
    }

    @Test
    void lowercaseDockerfileIsFoundAndIgnoredBuildFilesAreRemovedAfterReading() throws IOException {
        byte[] tar = new TestTars().file("dockerfile", "FROM a\n")
                .file(".dockerignore", "dockerfile\n.dockerignore\n").file("keep", "k").bytes();
        try (BuildContext ctx = BuildContext.receive(new ByteArrayInputStream(tar), work, MB)) {
            assertEquals("FROM a\n", ctx.dockerfile("Dockerfile"));
            assertFalse(Files.exists(ctx.root().resolve("dockerfile")));
            assertFalse(Files.exists(ctx.root().resolve(".dockerignore")));
            assertTrue(Files.exists(ctx.root().resolve("keep")));
        }
    }

    @Test
    void ofDirectoryAppliesDockerignore(@TempDir Path src) throws IOException {
        file(src, "Dockerfile", "FROM busybox\n");
        file(src, ".dockerignore", "*.log\nnode_modules\ndocs\n!docs/keep.md\nDockerfile\n");
        file(src, "app.js", "js", 0600);
        file(src, "debug.log", "log");
        file(src, "node_modules/x/index.js", "x");
        file(src, "docs/keep.md", "keep");
        file(src, "docs/drop.md", "drop");
        symlink(src, "link", "app.js");
        chown(src.resolve("app.js"), 1000, 1000);
        try (BuildContext ctx = BuildContext.ofDirectory(src, work)) {
            Path r = ctx.root();
            assertEquals("js", read(r.resolve("app.js")));
            assertEquals(0600, mode(r.resolve("app.js")));
            assertEquals("0:0", owner(r.resolve("app.js")));
            assertTrue(Files.isSymbolicLink(r.resolve("link")));
            assertFalse(Files.exists(r.resolve("debug.log")));
            assertFalse(Files.exists(r.resolve("node_modules")));
            assertEquals("keep", read(r.resolve("docs/keep.md")));
            assertFalse(Files.exists(r.resolve("docs/drop.md")));
            // The Dockerfile is sent even though excluded, then removed once read.
            assertEquals("FROM busybox\n", ctx.dockerfile("Dockerfile"));
            assertFalse(Files.exists(r.resolve("Dockerfile")));
        }
        assertEquals(0, entriesIn(work));
    }
}
