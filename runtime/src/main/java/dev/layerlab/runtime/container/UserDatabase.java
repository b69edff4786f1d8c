package dev.layerlab.runtime.container;

import dev.layerlab.runtime.fs.PathFd;
import dev.layerlab.runtime.fs.TreeRoot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container's /etc/passwd or /etc/group, read inside its root only (package fs): the container's processes
 * may be swapping names while we read. Missing, unreadable or oversized files read as empty.
 */
public final class UserDatabase {
    /** A database bigger than this is not a real passwd or group file: it is not read. */
    private static final long MAX_DATABASE_BYTES = 4 << 20;

    private UserDatabase() {
    }

    /** The entries of /etc/{name}, each split at its colons. */
    static List<String[]> read(Path rootfs, String name) {
        try (TreeRoot root = TreeRoot.open(rootfs); PathFd file = root.resolve("/etc/" + name)) {
            if (!Files.isRegularFile(file.procPath()) || Files.size(file.procPath()) > MAX_DATABASE_BYTES) {
                return List.of();
            }
            List<String[]> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file.procPath(), StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    entries.add(line.split(":", -1));
                }
            }
            return entries;
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
    }

    /** Id to name of {@code /etc/passwd} ({@code "passwd"}) or {@code /etc/group} ({@code "group"}); the first name wins. */
    public static Map<Integer, String> names(Path rootfs, String database) {
        Map<Integer, String> names = new LinkedHashMap<>();
        for (String[] entry : read(rootfs, database)) {
            if (entry.length > 2 && !entry[0].isEmpty() && entry[2].matches("\\d{1,9}")) {
                names.putIfAbsent(Integer.parseInt(entry[2]), entry[0]);
            }
        }
        return names;
    }
}
