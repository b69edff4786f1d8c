package dev.layerlab.server;

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
 * The server's packages depend on each other only downwards in docs/architecture.md's server table
 * (one package per row): a package may use itself and the rows below it, never one above. The
 * runtime below them all is checked by the runtime's own ArchitectureTest.
 */
class ArchitectureTest {
    private static final Path DOC = Path.of("../docs/architecture.md");
    private static final Path SOURCES = Path.of("src/main/java/dev/layerlab/server");
    private static final String SECTION = "### Packages of `server` (`dev.layerlab.server.*`)";
    private static final Pattern USE = Pattern.compile("dev\\.layerlab\\.server\\.((?:[a-z]+\\.)*)[A-Z]");
    private static final Pattern ROW_PACKAGE = Pattern.compile("^\\| (?:`([a-z.]+)`|\\(root\\)) \\|");

    /** The table's packages, top row first; "" is the root package. */
    static List<String> rows(List<String> lines) {
        int section = lines.indexOf(SECTION);
        assertTrue(section >= 0, "docs/architecture.md lost its server packages section");
        List<String> rows = new ArrayList<>();
        for (int i = section + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            Matcher m = ROW_PACKAGE.matcher(lines.get(i));
            if (m.find()) {
                rows.add(m.group(1) == null ? "" : m.group(1));
            }
        }
        assertFalse(rows.isEmpty(), "docs/architecture.md's server table has no rows");
        return rows;
    }

    /** Each use of a server package above the using one, as "user (File.java) uses used". */
    static List<String> violations(List<String> rows, Path sources) throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String pkg = sources.relativize(f.getParent()).toString().replace('/', '.');
                int own = rows.indexOf(pkg);
                if (own < 0) {
                    violations.add((pkg.isEmpty() ? "(root)" : pkg) + " (" + f.getFileName() + ") is not in the table");
                    continue;
                }
                Matcher m = USE.matcher(Files.readString(f));
                while (m.find()) {
                    String used = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                    if (rows.indexOf(used) < own) {
                        violations.add(pkg + " (" + f.getFileName() + ") uses " + (used.isEmpty() ? "(root)" : used));
                    }
                }
            }
        }
        return violations.stream().distinct().toList();
    }

    @Test
    void packages_use_only_the_rows_below_them() throws IOException {
        assertEquals(List.of(), violations(rows(Files.readAllLines(DOC)), SOURCES));
    }

    @Test
    void a_use_of_a_package_above_is_caught(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path sources = tmp.resolve("dev/layerlab/server");
        Files.createDirectories(sources.resolve("dockerapi"));
        Files.writeString(sources.resolve("dockerapi/Wrong.java"),
                "package dev.layerlab.server.dockerapi;\nclass Wrong { dev.layerlab.server.web.Playground p; }\n");
        Files.createDirectories(sources.resolve("stray"));
        Files.writeString(sources.resolve("stray/Lost.java"), "package dev.layerlab.server.stray;\nclass Lost {}\n");
        List<String> rows = rows(Files.readAllLines(DOC));
        assertEquals(List.of("dockerapi (Wrong.java) uses web", "stray (Lost.java) is not in the table"), violations(rows, sources));
    }
}
