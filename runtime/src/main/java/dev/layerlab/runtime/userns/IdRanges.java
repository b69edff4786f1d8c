package dev.layerlab.runtime.userns;

import dev.layerlab.runtime.error.EngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Hands out id ranges, one per sandbox, claimed machine-wide: a claim is a file
 * {@code /run/layerlab/id-ranges/<slot>} naming the claiming process, made under a machine-wide file
 * lock, so two engines on one host never share a range.
 * A claim whose process is gone is stale and taken over. Ranges start at {@link #FIRST_BASE}, in the
 * block systemd leaves to containers (524288-1879048191) and far above the subuid ranges of users.
 */
public final class IdRanges {
    public static final int FIRST_BASE = 0x40000000;
    public static final int SLOTS = 4096;
    static final Path DEFAULT_DIR = Path.of("/run/layerlab/id-ranges");

    private final Path dir;
    private final long pid = ProcessHandle.current().pid();

    public IdRanges() {
        this(DEFAULT_DIR);
    }

    IdRanges(Path dir) {
        this.dir = dir;
    }

    /** Claims the lowest free range; {@link #release} gives it back. */
    public IdRange claim() throws IOException {
        Files.createDirectories(dir);
        synchronized (IdRanges.class) { // a file lock is per process: threads of this one queue here first
            try (FileChannel lock = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lock.lock()) {
                for (int slot = 0; slot < SLOTS; slot++) {
                    Path claim = dir.resolve(Integer.toString(slot));
                    if (!Files.exists(claim) || isStale(claim)) {
                        Files.writeString(claim, Long.toString(pid), StandardCharsets.US_ASCII);
                        return new IdRange(FIRST_BASE + slot * IdRange.SIZE, IdRange.SIZE);
                    }
                }
            }
        }
        throw new EngineException("all " + SLOTS + " sandbox id ranges of this machine are in use");
    }

    /** Gives {@code range} back (idempotent). */
    public void release(IdRange range) throws IOException {
        int slot = (range.base() - FIRST_BASE) / IdRange.SIZE;
        Path claim = dir.resolve(Integer.toString(slot));
        synchronized (IdRanges.class) {
            try (FileChannel lock = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = lock.lock()) {
                if (Long.toString(pid).equals(ownerOf(claim))) {
                    Files.deleteIfExists(claim);
                }
            }
        }
    }

    private static boolean isStale(Path claim) throws IOException {
        String owner = ownerOf(claim);
        return owner != null && !Files.exists(Path.of("/proc", owner));
    }

    private static String ownerOf(Path claim) throws IOException {
        try {
            String owner = Files.readString(claim, StandardCharsets.US_ASCII).strip();
            return owner.matches("[0-9]{1,10}") ? owner : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
