package dev.layerlab.runtime.build.context;

import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class DockerIgnoreTest {
    /** patterns ('|' separates lines), path, excluded? */
    @ParameterizedTest(name = "[{index}] {0} / {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "*.log; app.log; true",
            "*.log; logs/app.log; false",           // '*' does not cross '/'
            "**/*.log; logs/deep/app.log; true",
            "**/*.log; app.log; true",              // '**/' matches zero directories too
            "logs/**; logs/a/b/c; true",
            "logs/**; logsx/a; false",
            "node_modules; node_modules/x/y.js; true", // a directory excludes its contents
            "node_modules; src/node_modules; false",
            "/secret.txt; secret.txt; true",         // leading '/' dropped
            "./build; build/out.bin; true",          // leading './' cleaned away
            "a/../b; b; true",                       // cleaned like filepath.Clean
            "*.md|!README.md; README.md; false",     // exception
            "*.md|!README.md; CHANGES.md; true",
            "!README.md|*.md; README.md; true",      // the last matching line wins
            "docs|!docs/keep.txt; docs/keep.txt; false",
            "docs|!docs/keep.txt; docs/other.txt; true",
            "doc?; docs; true",
            "doc?; doc; false",
            "[a-c].txt; b.txt; true",
            "[a-c].txt; d.txt; false",
            "[^a-c].txt; d.txt; true",
            "\\*.txt; *.txt; true",
            "\\*.txt; a.txt; false",
            "'#comment'; '#comment'; false",             // comment lines are ignored
            "'  spaced.txt  '; spaced.txt; true",      // whitespace trimmed
            "a.b; axb; false",                       // '.' is literal
    })
    void table(String patterns, String path, boolean excluded) {
        DockerIgnore ignore = DockerIgnore.parse(patterns.replace('|', '\n'));
        assertEquals(excluded, ignore.excluded(path), patterns + " on " + path);
    }

    @Test
    void noneExcludesNothing() {
        assertFalse(DockerIgnore.none().excluded("anything/at/all"));
        assertTrue(DockerIgnore.none().isEmpty());
    }

    @Test
    void exceptionBelowAnExcludedDirectoryAsksForTheWalk() {
        DockerIgnore ignore = DockerIgnore.parse("docs\n!docs/keep.txt\n");
        assertTrue(ignore.mayReincludeBelow("docs"));
        assertFalse(DockerIgnore.parse("docs\n").mayReincludeBelow("docs"));
        assertFalse(ignore.mayReincludeBelow("other"));
    }

    @Test
    void malformedPatternsAreRefused() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> DockerIgnore.parse("[a-"));
        assertTrue(e.getMessage().startsWith("syntax error in pattern"), e.getMessage());
        e = assertThrows(InvalidArgumentException.class, () -> DockerIgnore.parse("ok\n!\n"));
        assertEquals("illegal exclusion pattern: \"!\"", e.getMessage());
    }
}
