package dev.layerlab.server.terminal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** The scrollback keeps the newest bytes and never starts inside a UTF-8 character. */
class TerminalScrollbackTest {
    @Test
    void keeps_the_newest_bytes_up_to_its_capacity() {
        Scrollback s = new Scrollback(10);
        s.append("hello ".getBytes(), 0, 6);
        assertEquals("hello ", new String(s.snapshot()));
        s.append("world!".getBytes(), 0, 6);
        assertEquals("llo world!", new String(s.snapshot()));
        for (int i = 0; i < 100; i++) {
            byte[] b = ("<" + i + ">").getBytes();
            s.append(b, 0, b.length);
        }
        assertEquals("7><98><99>", new String(s.snapshot()));
        s.append("0123456789ABCDEF".getBytes(), 2, 12); // longer than the capacity: its tail
        assertEquals("456789ABCD", new String(s.snapshot()));
    }

    @Test
    void a_cut_skips_the_rest_of_a_broken_character() {
        byte[] korean = "가나다라마".getBytes(StandardCharsets.UTF_8); // 15 bytes
        for (int capacity = 4; capacity <= 16; capacity++) {
            Scrollback s = new Scrollback(capacity);
            for (int i = 0; i < korean.length; i++) {
                s.append(korean, i, 1); // byte by byte, as a pty may deliver them
            }
            String kept = new String(s.snapshot(), StandardCharsets.UTF_8);
            assertFalse(kept.contains("\uFFFD"), capacity + ": " + kept);
            assertTrue("가나다라마".endsWith(kept), kept);
            assertTrue(s.size() > capacity - 3 && s.size() <= capacity, capacity + ": " + s.size());

            Scrollback whole = new Scrollback(capacity);
            whole.append(korean, 0, korean.length); // all at once
            assertEquals(kept, new String(whole.snapshot(), StandardCharsets.UTF_8));
        }
    }
}
