package dev.layerlab.server.dockerapi;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ApiRoutePatternTest {
    @Test
    void literalPatternsMatchExactly() {
        RoutePattern p = new RoutePattern("/images/json");
        assertEquals(Map.of(), p.match("/images/json"));
        assertNull(p.match("/images/json/"));
        assertNull(p.match("/images/jsonx"));
    }

    @Test
    void parametersSpanSlashesAndColonsAndTheSuffixMatchesAtTheEnd() {
        RoutePattern p = new RoutePattern("/images/{name}/json");
        assertEquals(Map.of("name", "localhost:5000/a/b:tag"), p.match("/images/localhost:5000/a/b:tag/json"));
        assertEquals(Map.of("name", "a/json"), p.match("/images/a/json/json"));
        assertEquals(Map.of("name", "sha256:0123"), p.match("/images/sha256:0123/json"));
        assertNull(p.match("/images//json"), "a parameter is never empty");
        assertNull(p.match("/images/a/history"));
        assertEquals(Map.of("name", "a/b:c"), new RoutePattern("/images/{name}").match("/images/a/b:c"));
    }

    @Test
    void literalTextIsNotARegex() {
        RoutePattern p = new RoutePattern("/a.b/{x}");
        assertNull(p.match("/aXb/1"));
        assertEquals(Map.of("x", "1"), p.match("/a.b/1"));
    }

    @Test
    void severalParameters() {
        RoutePattern p = new RoutePattern("/plugins/{name}/set/{key}");
        assertEquals(Map.of("name", "vieux/sshfs:latest", "key", "k"), p.match("/plugins/vieux/sshfs:latest/set/k"));
        assertEquals("/plugins/".length() + "/set/".length(), p.literalLength());
    }

    @Test
    void badPatternsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RoutePattern("images/json"));
        assertThrows(IllegalArgumentException.class, () -> new RoutePattern("/x/{a}{b}"));
    }
}
