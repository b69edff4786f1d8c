package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static dev.layerlab.runtime.build.context.Trees.*;
import static org.junit.jupiter.api.Assertions.*;

class CopySourcesTest {
    @TempDir
    Path ctx;

    @BeforeEach
    void tree() {
        file(ctx, "a.txt", "a");
        file(ctx, "b.txt", "b");
        file(ctx, "c.md", "c");
        file(ctx, "src/main.go", "package main");
        file(ctx, "src/sub/deep.go", "package sub");
    }

    private static List<String> names(List<CopySource> sources) {
        return sources.stream().map(CopySource::relativePath).toList();
    }

    @Test
    void literalsAreCleanedAndKeepTheirRoot() throws IOException {
        List<CopySource> s = CopySources.match(ctx, List.of("./a.txt", "/src/", "src//sub/../main.go", "."), "COPY");
        assertEquals(List.of("a.txt", "src", "src/main.go", "."), names(s));
        assertTrue(s.stream().allMatch(c -> c.root().equals(ctx)));
    }

    @Test
    void globsMatchWithGoRulesInLexicalOrder() throws IOException {
        assertEquals(List.of("a.txt", "b.txt"), names(CopySources.match(ctx, List.of("*.txt"), "COPY")));
        assertEquals(List.of("src/main.go"), names(CopySources.match(ctx, List.of("src/*.go"), "COPY")));
        assertEquals(List.of("a.txt", "c.md"), names(CopySources.match(ctx, List.of("[ac].*"), "COPY")));
        assertEquals(List.of("src/sub"), names(CopySources.match(ctx, List.of("s?c/s*"), "COPY")));
        // '*' never crosses '/'
        assertEquals(List.of("src"), names(CopySources.match(ctx, List.of("*rc"), "COPY")));
    }

    @Test
    void missingLiteralGivesDockersMessage() {
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> CopySources.match(ctx, List.of("a.txt", "./missing.txt"), "COPY"));
        assertEquals("COPY failed: file not found in build context or excluded by .dockerignore: "
                + "stat missing.txt: file does not exist", e.getMessage());
        e = assertThrows(NotFoundException.class, () -> CopySources.match(ctx, List.of("nope"), "ADD", false));
        assertEquals("ADD failed: stat nope: file does not exist", e.getMessage());
    }

    @Test
    void globWithoutMatchFailsOnlyWhenNothingAtAllMatched() throws IOException {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> CopySources.match(ctx, List.of("*.none"), "COPY"));
        assertEquals("COPY failed: no source files were specified", e.getMessage());
        assertEquals(List.of("a.txt"), names(CopySources.match(ctx, List.of("*.none", "a.txt"), "COPY")));
    }

    @Test
    void absoluteSymlinkResolvesInsideTheContext() throws IOException {
        symlink(ctx, "passwd", "/etc/passwd");
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> CopySources.match(ctx, List.of("passwd"), "COPY"));
        assertTrue(e.getMessage().endsWith("stat passwd: file does not exist"), e.getMessage());
        // With an etc/passwd in the context, the link means that one, never the host's.
        file(ctx, "etc/passwd", "context's passwd");
        List<CopySource> s = CopySources.match(ctx, List.of("passwd"), "COPY");
        assertEquals("context's passwd", read(dev.layerlab.runtime.layer.RootedPath.resolve(ctx, s.get(0).relativePath())));
    }

    @Test
    void climbingRelativeSymlinkStopsAtTheRoot() throws IOException {
        symlink(ctx, "src/esc", "../../../../etc/passwd");
        assertThrows(NotFoundException.class, () -> CopySources.match(ctx, List.of("src/esc"), "COPY"));
        // A glob matching a dangling link fails the same way (Docker stats every match).
        assertThrows(NotFoundException.class, () -> CopySources.match(ctx, List.of("src/e*"), "COPY"));
        symlink(ctx, "up", "../../..");
        assertEquals(ctx.toRealPath(), dev.layerlab.runtime.layer.RootedPath.resolve(ctx.toRealPath(), "up"));
    }

    @Test
    void badGlobIsRefused() {
        assertThrows(InvalidArgumentException.class, () -> CopySources.match(ctx, List.of("[a-"), "COPY"));
    }

    @Test
    void checksumFollowsContentModeAndOwnerButNotTime() throws IOException {
        List<CopySource> one = CopySources.match(ctx, List.of("a.txt"), "COPY");
        String first = CopySources.checksum(one);
        assertTrue(first.matches("file:[0-9a-f]{64}"), first);
        Files.setLastModifiedTime(ctx.resolve("a.txt"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        assertEquals(first, CopySources.checksum(one));
        Files.writeString(ctx.resolve("a.txt"), "A");
        String content = CopySources.checksum(one);
        assertNotEquals(first, content);
        Files.setAttribute(ctx.resolve("a.txt"), "unix:mode", 0600);
        String mode = CopySources.checksum(one);
        assertNotEquals(content, mode);
        chown(ctx.resolve("a.txt"), 1000, 1000);
        assertNotEquals(mode, CopySources.checksum(one));
    }

    @Test
    void checksumKindsAndDirectoryContents() throws IOException {
        List<CopySource> dir = CopySources.match(ctx, List.of("src"), "COPY");
        String d = CopySources.checksum(dir);
        assertTrue(d.matches("dir:[0-9a-f]{64}"), d);
        Files.setLastModifiedTime(ctx.resolve("src/sub/deep.go"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        assertEquals(d, CopySources.checksum(dir));
        Files.writeString(ctx.resolve("src/sub/deep.go"), "changed");
        assertNotEquals(d, CopySources.checksum(dir));
        String renamed = CopySources.checksum(dir);
        Files.move(ctx.resolve("src/sub/deep.go"), ctx.resolve("src/sub/other.go"));
        assertNotEquals(renamed, CopySources.checksum(dir));
        String multi = CopySources.checksum(CopySources.match(ctx, List.of("*.txt"), "COPY"));
        assertTrue(multi.matches("multi:[0-9a-f]{64}"), multi);
    }
}
