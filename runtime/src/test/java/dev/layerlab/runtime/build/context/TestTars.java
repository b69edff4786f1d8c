package dev.layerlab.runtime.build.context;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Tars for tests, written with commons-compress (independent of the layer code under test). */
final class TestTars {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, 512);

    TestTars file(String name, String content) throws IOException {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644, 0);
    }

    TestTars file(String name, byte[] content, int mode, int uid) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        e.setMode(0100000 | mode);
        e.setSize(content.length);
        e.setIds(uid, uid);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
        return this;
    }

    TestTars dir(String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
        e.setMode(040755);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    TestTars symlink(String name, String target) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return this;
    }

    byte[] bytes() throws IOException {
        tar.close();
        return bytes.toByteArray();
    }

    /** The tar without its two end-of-archive blocks (what a CLI sends for {@code -f -}). */
    byte[] withoutEndBlocks() throws IOException {
        byte[] all = bytes();
        int end = all.length;
        while (end >= 512 && isZeros(all, end - 512, end)) {
            end -= 512;
        }
        return Arrays.copyOf(all, end);
    }

    private static boolean isZeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
