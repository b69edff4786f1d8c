package dev.layerlab.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The runtime's packages depend on each other only downwards in docs/architecture.md's table: a
 * package may use its own row and the rows below it, never one above.
 */
class ArchitectureTest {
    private static final Path DOC = Path.of("../docs/architecture.md");
    private static final Path SOURCES = Path.of("src/main/java/dev/layerlab/runtime");
    private static final Pattern USE = Pattern.compile("dev\\.layerlab\\.runtime\\.((?:[a-z]+\\.)*)[A-Z]");
    private static final Pattern ROW_PACKAGE = Pattern.compile("`([a-z.]+)`|\\(root\\)");

    /** Each row's packages, top row first; "" is the root package. */
    private static List<List<String>> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = -1;
        int section = lines.indexOf("## Packages of `runtime` (`dev.layerlab.runtime.*`)");
        assertTrue(section >= 0, "docs/architecture.md lost its runtime packages section");
        for (int i = section; i < lines.size(); i++) {
            if (lines.get(i).startsWith("Dependencies point downwards")) {
                start = i;
                break;
            }
        }
        assertTrue(start >= 0, "docs/architecture.md lost its dependency table");
        List<List<String>> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("| ") || line.startsWith("| package")) {
                if (!rows.isEmpty() && !line.startsWith("|")) {
                    break;
                }
                continue;
            }
            String first = line.split("\\|")[1];
            List<String> packages = new ArrayList<>();
            Matcher m = ROW_PACKAGE.matcher(first);
            while (m.find()) {
                packages.add(m.group(1) == null ? "" : m.group(1));
            }
            rows.add(packages);
        }
        return rows;
    }

    private static int rowOf(List<List<String>> rows, String pkg) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void packages_use_only_the_rows_below_them() throws IOException {
        List<List<String>> rows = rows();
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(f.getParent()).toString().replace('/', '.');
                int own = rowOf(rows, pkg);
                if (own < 0) {
                    violations.add(pkg + " (" + f.getFileName() + ") is not in the table");
                    continue;
                }
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                    int row = rowOf(rows, used);
                    if (row < own) {
                        violations.add(pkg + " (" + f.getFileName() + ") uses " + (used.isEmpty() ? "(root)" : used));
                    }
                }
            }
        }
        assertEquals(List.of(), violations.stream().distinct().toList());
    }
}
