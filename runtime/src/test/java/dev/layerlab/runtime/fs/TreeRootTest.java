package dev.layerlab.runtime.fs;

import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.sys.ErrnoException;
import dev.layerlab.runtime.sys.LibC;
import dev.layerlab.runtime.sys.PathCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** Paths in a tree a learner controls resolve inside it, whatever links it holds and however they are swapped. */
class TreeRootTest {
    private Path outside;
    private Path root;

    @BeforeEach
    void setUp() throws Exception {
        outside = Files.createTempDirectory("layerlab-treeroot-");
        root = Files.createDirectories(outside.resolve("root"));
        Files.writeString(outside.resolve("secret"), "outside");
    }

    @AfterEach
    void tearDown() throws Exception {
        AtomicFiles.deleteTree(outside);
    }

    private String where(TreeRoot tree, String path) throws Exception {
        try (PathFd fd = tree.resolve(path)) {
            return fd.currentPath();
        }
    }

    @Test
    void absolute_links_and_dotdot_stay_inside_the_root() throws Exception {
        Files.createSymbolicLink(root.resolve("to-root"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../.."));
        Files.createSymbolicLink(root.resolve("abs-secret"), outside.resolve("secret"));
        try (TreeRoot tree = TreeRoot.open(root)) {
            assertEquals(root.toString(), where(tree, "/to-root"));
            assertEquals(root.toString(), where(tree, "/up"));
            assertEquals(root.toString(), where(tree, "/../../../.."));
            ErrnoException e = assertThrows(ErrnoException.class, () -> tree.resolve("/abs-secret"));
            assertEquals(ErrnoException.ENOENT, e.errno(), "the link's target is looked up inside the root");
            assertEquals(root.resolve("to-root").toString(), tree.resolveNoFollow("/to-root").currentPath());
        }
    }

    @Test
    void magic_links_of_proc_are_not_followed() throws Exception {
        try (TreeRoot tree = TreeRoot.open(Path.of("/"))) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> tree.resolve("/proc/self/root/etc"));
            assertEquals(ErrnoException.ELOOP, e.errno());
        }
    }

    @Test
    void directories_and_files_are_made_inside_the_root_through_links() throws Exception {
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/"));
        try (TreeRoot tree = TreeRoot.open(root)) {
            try (PathFd dir = tree.makeDirectories("/etc/a/b")) {
                assertEquals(root.resolve("a/b").toString(), dir.currentPath());
                assertTrue(dir.isDirectory());
            }
            try (PathFd file = tree.makeFile("/etc/x/hosts")) {
                assertEquals(root.resolve("x/hosts").toString(), file.currentPath());
                assertFalse(file.isDirectory());
            }
            try (PathFd again = tree.makeDirectories("/x/hosts")) {
                assertFalse(again.isDirectory(), "an existing file is returned as found");
            }
        }
        assertFalse(Files.exists(Path.of("/a/b")) && Files.exists(Path.of("/x/hosts")));
    }

    /** A swapper exchanges a directory and a symlink to the real root 1,000+ times while we resolve through it. */
    @Test
    void a_swapped_component_never_leads_out() throws Exception {
        Path a = Files.createDirectories(root.resolve("race/a"));
        Files.writeString(a.resolve("secret"), "inside");
        Files.createSymbolicLink(root.resolve("race/b"), outside);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            int dirFd = LibC.INSTANCE.open(root.resolve("race").toString(), PathCalls.O_PATH | PathCalls.O_DIRECTORY);
            try {
                while (!stop.get() || swaps.get() < 1000) {
                    PathCalls.exchange(dirFd, "a", "b");
                    swaps.incrementAndGet();
                }
            } catch (ErrnoException e) {
                throw new IllegalStateException(e);
            } finally {
                LibC.INSTANCE.close(dirFd);
            }
        });
        swapper.start();
        int found = 0;
        try (TreeRoot tree = TreeRoot.open(root)) {
            for (int i = 0; i < 5000; i++) {
                try (PathFd fd = tree.resolve("/race/a/secret")) {
                    assertEquals("inside", Files.readString(fd.procPath()));
                    found++;
                } catch (ErrnoException e) {
                    assertEquals(ErrnoException.ENOENT, e.errno()); // the link's target, looked up inside the root
                }
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertTrue(swaps.get() >= 1000);
        assertTrue(found > 0);
    }
}
