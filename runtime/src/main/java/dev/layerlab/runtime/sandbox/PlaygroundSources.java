package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The build context of a playground image as kept on the classpath ({@code <root>/<name>/Dockerfile}
 * and the files it copies), read the same way from a directory (tests, IDE) or from the jar.
 */
final class PlaygroundSources {
    private PlaygroundSources() {
    }

    /** Every file of {@code <resourceRoot>/<name>/} by relative path ("/"-separated), sorted. */
    static Map<String, byte[]> read(String resourceRoot, String name) throws IOException {
        String dir = resourceRoot + name + "/";
        URL url = PlaygroundSources.class.getResource(dir + "Dockerfile");
        if (url == null) {
            throw new IOException("no Dockerfile for playground image " + name + " at classpath " + dir);
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return files(fs.getPath(dir));
            }
            return files(Path.of(uri).getParent());
        } catch (URISyntaxException e) {
            throw new IOException("bad resource URL " + url, e);
        }
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    /** Writes the files into {@code target} (a fresh build context directory). */
    static void write(Map<String, byte[]> files, Path target) throws IOException {
        for (var e : files.entrySet()) {
            Path f = target.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
    }

    /**
     * 16 hex digits naming what an image is built from: its files and the base's layers and defaults
     * (not the base's image ID, which carries the time this machine made it and so differs per data
     * directory although the content is the same).
     */
    static String key(Map<String, byte[]> files, Image base) throws IOException {
        MessageDigest sha = sha256();
        for (var e : files.entrySet()) {
            sha.update((e.getKey() + "\0" + e.getValue().length + "\0").getBytes(StandardCharsets.UTF_8));
            sha.update(e.getValue());
        }
        for (Digest diffId : base.config().diffIds()) {
            sha.update((diffId + "\n").getBytes(StandardCharsets.UTF_8));
        }
        sha.update(Json.toBytes(base.config().config()));
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }
}
