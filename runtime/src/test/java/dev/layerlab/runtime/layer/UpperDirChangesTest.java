package dev.layerlab.runtime.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.layerlab.runtime.layer.UpperDirChanges.Kind.*;
import static org.junit.jupiter.api.Assertions.*;

class UpperDirChangesTest {
    @TempDir
    Path tmp;

    private Path tree(String name, String... files) throws IOException {
        Path root = Files.createDirectories(tmp.resolve(name));
        for (String f : files) {
            Path p = root.resolve(f);
            if (f.endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.writeString(p, f);
            }
        }
        return root;
    }

    private static UpperDirChanges.Change c(String path, UpperDirChanges.Kind kind) {
        return new UpperDirChanges.Change(path, kind);
    }

    @Test
    void classifiesAgainstTheMergedLowerView() throws IOException {
        Path lower1 = tree("l1", "etc/passwd", "etc/shadow", "var/log/old.log", "srv/data/a", "opt/app/bin");
        Path lower2 = tree("l2", "etc/hosts");
        OverlayWhiteouts.writeWhiteout(lower2.resolve("etc/shadow")); // gone since l2
        Path upper = tree("upper", "etc/passwd", "etc/shadow", "etc/hosts", "etc/new.conf", "srv/data/b",
                "opt/app/bin", "fresh/dir/f");
        OverlayWhiteouts.writeWhiteout(upper.resolve("var"));
        OverlayWhiteouts.markOpaque(upper.resolve("srv/data"));
        OverlayWhiteouts.writeWhiteout(upper.resolve("srv/data/a")); // hides nothing under an opaque dir
        OverlayWhiteouts.writeWhiteout(upper.resolve("fresh/dir/never-existed"));

        assertEquals(List.of(
                c("/etc", MODIFIED),
                c("/etc/hosts", MODIFIED),
                c("/etc/new.conf", ADDED),
                c("/etc/passwd", MODIFIED),
                c("/etc/shadow", ADDED), // deleted in l2, so new again
                c("/fresh", ADDED),
                c("/fresh/dir", ADDED),
                c("/fresh/dir/f", ADDED),
                c("/opt", MODIFIED),
                c("/opt/app", MODIFIED),
                c("/opt/app/bin", MODIFIED),
                c("/srv", MODIFIED),
                c("/srv/data", MODIFIED),
                c("/srv/data/b", ADDED),
                c("/var", DELETED)), UpperDirChanges.list(upper, List.of(lower2, lower1)));
    }

    @Test
    void childrenOfAnOpaqueDirAreAddedEvenIfALowerHadThem() throws IOException {
        Path lower = tree("l1", "cache/x", "cache/y");
        Path upper = tree("upper", "cache/x");
        OverlayWhiteouts.markOpaque(upper.resolve("cache"));
        assertEquals(List.of(c("/cache", MODIFIED), c("/cache/x", ADDED)), UpperDirChanges.list(upper, List.of(lower)));
    }

    @Test
    void emptyUpperHasNoChanges() throws IOException {
        assertEquals(List.of(), UpperDirChanges.list(tree("upper"), List.of(tree("l1", "a"))));
    }
}
