package dev.layerlab.runtime.stdio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ContainerLogTest {
    @TempDir
    Path dir;

    private static void write(ContainerLog log, StreamType stream, String text) throws Exception {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        log.write(stream, b, b.length);
    }

    @Test
    void lines_are_kept_per_stream_with_their_time_in_dockers_json_file_format() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00.123456789Z"), ZoneOffset.UTC);
        ContainerLog log = new ContainerLog(dir.resolve("c-json.log"), 1 << 20, clock);
        write(log, StreamType.STDOUT, "one\ntw");
        write(log, StreamType.STDERR, "err\n");
        write(log, StreamType.STDOUT, "o\n");
        List<LogEntry> entries = log.read(-1);
        assertEquals(List.of("one\n", "err\n", "two\n"), entries.stream().map(e -> new String(e.data())).toList());
        assertEquals(List.of(StreamType.STDOUT, StreamType.STDERR, StreamType.STDOUT), entries.stream().map(LogEntry::stream).toList());
        assertEquals(clock.instant(), entries.get(0).time());
        assertEquals("{\"log\":\"one\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-22T10:00:00.123456789Z\"}",
                Files.readAllLines(dir.resolve("c-json.log")).get(0));
        assertEquals(List.of("two\n"), log.read(1).stream().map(e -> new String(e.data())).toList());
    }

    @Test
    void a_partial_last_line_is_written_when_the_output_ends() throws Exception {
        ContainerLog log = new ContainerLog(dir.resolve("c-json.log"), 1 << 20, Clock.systemUTC());
        write(log, StreamType.STDOUT, "no newline");
        assertTrue(log.read(-1).isEmpty());
        log.end();
        assertEquals("no newline", ContainerLog.text(log.read(-1)));
    }

    @Test
    void max_files_keeps_that_many_files_and_reads_them_oldest_first() throws Exception {
        ContainerLog log = new ContainerLog(dir.resolve("c-json.log"), 1024, 3, Clock.systemUTC());
        for (int i = 0; i < 500; i++) {
            write(log, StreamType.STDOUT, "line " + i + "\n");
        }
        assertTrue(Files.exists(dir.resolve("c-json.log.2")));
        assertFalse(Files.exists(dir.resolve("c-json.log.3")));
        List<Integer> numbers = log.read(-1).stream()
                .map(e -> Integer.parseInt(new String(e.data()).trim().substring(5))).toList();
        assertEquals(499, numbers.get(numbers.size() - 1));
        for (int i = 1; i < numbers.size(); i++) {
            assertEquals(numbers.get(i - 1) + 1, numbers.get(i), "contiguous, oldest first: " + numbers);
        }
        assertTrue(numbers.size() < 3 * 1024 / 40 + 3, numbers.size() + " lines kept");
    }

    @Test
    void a_discarding_log_writes_no_file() throws Exception {
        ContainerLog log = ContainerLog.discarding(dir.resolve("c-json.log"), Clock.systemUTC());
        write(log, StreamType.STDOUT, "gone\n");
        log.end();
        assertTrue(log.read(-1).isEmpty());
        assertFalse(Files.exists(dir.resolve("c-json.log")));
    }

    @Test
    void the_log_is_bounded_by_rotating_into_one_older_file() throws Exception {
        ContainerLog log = new ContainerLog(dir.resolve("c-json.log"), 4096, Clock.systemUTC());
        for (int i = 0; i < 1000; i++) {
            write(log, StreamType.STDOUT, "line " + i + "\n");
        }
        long total = Files.size(dir.resolve("c-json.log")) + Files.size(dir.resolve("c-json.log.1"));
        assertTrue(total <= 2 * 4096, "at most two files of the limit: " + total);
        List<LogEntry> kept = log.read(-1);
        assertEquals("line 999\n", new String(kept.get(kept.size() - 1).data()));
        assertTrue(kept.size() < 1000, "old lines were dropped");
    }

    @Test
    void following_sees_the_tail_then_new_lines_without_gaps() throws Exception {
        ContainerLog log = new ContainerLog(dir.resolve("c-json.log"), 1 << 20, Clock.systemUTC());
        write(log, StreamType.STDOUT, "a\nb\n");
        List<String> seen = new ArrayList<>();
        try (AutoCloseable follow = log.follow(1, e -> seen.add(new String(e.data())))) {
            write(log, StreamType.STDOUT, "c\n");
        }
        write(log, StreamType.STDOUT, "d\n");
        assertEquals(List.of("b\n", "c\n"), seen);
    }
}
