package dev.layerlab.runtime.stdio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A container's output on disk in Docker's json-file format: one JSON object per line with
 * {@code log}, {@code stream} and {@code time}, stdout and stderr kept apart. The file rotates at
 * {@code maxBytes} and at most {@code maxFiles} files are kept (the current one and older ones, {@code .1}
 * the newest of them), so a chatty container cannot fill the disk. A log that {@linkplain #discarding keeps
 * nothing} ({@code --log-driver none}) writes no file.
 */
public final class ContainerLog implements OutputSink {
    private static final int MAX_PARTIAL = 16 * 1024;

    private final Path file;
    private final long maxBytes;
    private final int maxFiles;
    private final boolean keep;
    private final Clock clock;
    private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
    private final List<Consumer<LogEntry>> followers = new CopyOnWriteArrayList<>();
    private OutputStream out;
    private long size;

    /** A log of at most two files of {@code maxBytes} each. */
    public ContainerLog(Path file, long maxBytes, Clock clock) {
        this(file, maxBytes, 2, clock, true);
    }

    public ContainerLog(Path file, long maxBytes, int maxFiles, Clock clock) {
        this(file, maxBytes, maxFiles, clock, true);
    }

    private ContainerLog(Path file, long maxBytes, int maxFiles, Clock clock, boolean keep) {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("a log keeps at least one file, not " + maxFiles);
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.maxFiles = maxFiles;
        this.clock = clock;
        this.keep = keep;
    }

    /** A log that writes nothing to disk and reads as empty. */
    public static ContainerLog discarding(Path file, Clock clock) {
        return new ContainerLog(file, 0, 1, clock, false);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void write(StreamType stream, byte[] data, int length) throws IOException {
        ByteArrayOutputStream buf = partial.computeIfAbsent(stream, s -> new ByteArrayOutputStream());
        for (int i = 0; i < length; i++) {
            buf.write(data[i]);
            if (data[i] == '\n' || buf.size() >= MAX_PARTIAL) {
                append(new LogEntry(stream, clock.instant(), buf.toByteArray()));
                buf.reset();
            }
        }
    }

    /** Writes out partial lines: the process ended without a final newline. */
    @Override
    public synchronized void end() {
        try {
            for (Map.Entry<StreamType, ByteArrayOutputStream> e : partial.entrySet()) {
                if (e.getValue().size() > 0) {
                    append(new LogEntry(e.getKey(), clock.instant(), e.getValue().toByteArray()));
                    e.getValue().reset();
                }
            }
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void append(LogEntry entry) throws IOException {
        if (!keep) {
            return;
        }
        if (out == null) {
            Files.createDirectories(file.getParent());
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            size = Files.size(file);
        }
        Map<String, String> json = new LinkedHashMap<>();
        json.put("log", new String(entry.data(), StandardCharsets.UTF_8));
        json.put("stream", entry.stream().dockerName());
        json.put("time", entry.time().toString());
        byte[] line = Json.toBytes(json);
        if (size + line.length + 1 > maxBytes && size > 0) {
            rotate();
        }
        out.write(line);
        out.write('\n');
        out.flush();
        size += line.length + 1;
        for (Consumer<LogEntry> f : followers) {
            f.accept(entry);
        }
    }

    private void rotate() throws IOException {
        out.close();
        if (maxFiles == 1) {
            Files.delete(file);
        } else {
            Files.deleteIfExists(rotated(maxFiles - 1));
            for (int i = maxFiles - 2; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = 0;
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /** The log's files, oldest first. */
    private List<Path> filesOldestFirst() {
        List<Path> files = new ArrayList<>();
        for (int i = maxFiles - 1; i >= 1; i--) {
            files.add(rotated(i));
        }
        files.add(file);
        return files;
    }

    /** The last {@code tail} entries (all when negative), oldest first. */
    public synchronized List<LogEntry> read(int tail) throws IOException {
        ArrayDeque<LogEntry> entries = new ArrayDeque<>();
        for (Path p : filesOldestFirst()) {
            if (!Files.exists(p)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    entries.addLast(parse(line));
                    if (tail >= 0 && entries.size() > tail) {
                        entries.removeFirst();
                    }
                }
            }
        }
        return new ArrayList<>(entries);
    }

    /**
     * Reads the last {@code tail} entries and then keeps passing new ones to {@code follower}, with
     * nothing lost or repeated in between. Close the result to stop following.
     */
    public synchronized AutoCloseable follow(int tail, Consumer<LogEntry> follower) throws IOException {
        read(tail).forEach(follower);
        followers.add(follower);
        return () -> followers.remove(follower);
    }

    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    private static LogEntry parse(String line) throws IOException {
        JsonNode node = Json.MAPPER.readTree(line);
        StreamType stream = "stderr".equals(node.path("stream").asText()) ? StreamType.STDERR : StreamType.STDOUT;
        return new LogEntry(stream, Instant.parse(node.path("time").asText()),
                node.path("log").asText().getBytes(StandardCharsets.UTF_8));
    }

    /** Entries in the order they were written, for tests and small tools. */
    public static String text(List<LogEntry> entries) {
        StringBuilder sb = new StringBuilder();
        entries.forEach(e -> sb.append(new String(e.data(), StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
