package dev.layerlab.server.dockerapi;

import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApiQueryParamsTest {
    @Test
    void percentDecodingPlusAndRepeatedKeys() {
        QueryParams q = QueryParams.parse("fromImage=docker.io%2Flibrary%2Falpine&tag=latest&filters=%7B%22status%22%3A%7B%22exited%22%3Atrue%7D%7D"
                + "&changes=CMD+%5B%22sh%22%5D&changes=ENV+A%3D1&flag&empty=&&caf%C3%A9=%E2%9C%93");
        assertEquals("docker.io/library/alpine", q.string("fromImage"));
        assertEquals("{\"status\":{\"exited\":true}}", q.string("filters"));
        assertEquals(List.of("CMD [\"sh\"]", "ENV A=1"), q.all("changes"));
        assertEquals("CMD [\"sh\"]", q.string("changes"));
        assertEquals("", q.string("flag"));
        assertEquals("", q.string("empty"));
        assertEquals("✓", q.string("café"));
        assertNull(q.string("absent"));
        assertEquals("d", q.string("absent", "d"));
        assertEquals(List.of(), q.all("absent"));
    }

    @Test
    void booleansFollowDocker() {
        QueryParams q = QueryParams.parse("a=1&b=true&c=True&d=0&e=false&f=no&g=none&h=&i=yes&j=FALSE");
        for (String t : List.of("a", "b", "c", "i")) {
            assertTrue(q.bool(t), t);
        }
        for (String f : List.of("d", "e", "f", "g", "h", "j", "absent")) {
            assertFalse(q.bool(f), f);
        }
        assertTrue(q.bool("absent", true));
        assertTrue(q.bool("h", true), "empty counts as absent for the default");
        assertFalse(q.bool("d", true));
    }

    @Test
    void integers() {
        QueryParams q = QueryParams.parse("t=10&neg=-1&bad=ten&empty=");
        assertEquals(10, q.integer("t", 0));
        assertEquals(-1, q.integer("neg", 0));
        assertEquals(7, q.integer("empty", 7));
        assertEquals(7, q.integer("absent", 7));
        assertThrows(InvalidArgumentException.class, () -> q.integer("bad", 0));
    }

    @Test
    void badEscapesAreTheClientsError() {
        assertThrows(InvalidArgumentException.class, () -> QueryParams.parse("a=%zz"));
        assertThrows(InvalidArgumentException.class, () -> QueryParams.parse("a=%4"));
    }
}
