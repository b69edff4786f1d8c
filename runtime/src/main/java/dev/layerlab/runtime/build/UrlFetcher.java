package dev.layerlab.runtime.build;

import dev.layerlab.runtime.network.NetnsSockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * ADD of a URL: downloaded by a thread that has entered the sandbox's network namespace, so the request
 * leaves through the sandbox's network and its firewall (it can reach the internet when the sandbox can,
 * and never the host or another sandbox). The file gets mode 0600 and the server's Last-Modified time,
 * as Docker gives it; archives from URLs are not extracted, as in Docker.
 */
final class UrlFetcher {
    private static final int TIMEOUT_MILLIS = 30_000;

    private final Optional<Path> namespace;
    private final long maxBytes;

    UrlFetcher(Optional<Path> namespace, long maxBytes) {
        this.namespace = namespace;
        this.maxBytes = maxBytes;
    }

    static boolean isUrl(String source) {
        return source.startsWith("http://") || source.startsWith("https://");
    }

    /** Downloads {@code url} into {@code dir}; returns the file's name there. */
    String fetch(String url, Path dir) throws IOException {
        String name = fileName(url);
        if (namespace.isEmpty()) {
            throw new BuildFailedException("ADD " + url + ": this build has no network to download it from");
        }
        Path file = dir.resolve(name);
        try (NetnsSockets inSandbox = NetnsSockets.enter(namespace.get())) {
            inSandbox.call(() -> {
                download(url, file);
                return null;
            });
        } catch (IOException e) {
            throw new BuildFailedException("ADD " + url + ": download failed (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return name;
    }

    private void download(String url, Path file) throws IOException {
        HttpURLConnection conn;
        try {
            conn = (HttpURLConnection) new URI(url).toURL().openConnection();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new BuildFailedException("ADD " + url + ": not a valid URL");
        }
        conn.setConnectTimeout(TIMEOUT_MILLIS);
        conn.setReadTimeout(TIMEOUT_MILLIS);
        conn.setInstanceFollowRedirects(true);
        try {
            int status = conn.getResponseCode();
            if (status != 200) {
                throw new BuildFailedException("ADD " + url + ": the server answered " + status);
            }
            try (InputStream in = conn.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buf = new byte[64 * 1024];
                long total = 0;
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    total += n;
                    if (total > maxBytes) {
                        throw new BuildFailedException("ADD " + url + ": larger than the limit of " + (maxBytes >> 20) + " MB");
                    }
                    out.write(buf, 0, n);
                }
            }
            long modified = conn.getLastModified();
            if (modified > 0) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
            }
        } finally {
            conn.disconnect();
        }
    }

    /** The last path segment, as Docker names the downloaded file. */
    static String fileName(String url) {
        String path;
        try {
            path = new URI(url).getPath();
        } catch (URISyntaxException e) {
            throw new BuildFailedException("ADD " + url + ": not a valid URL");
        }
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new BuildFailedException("cannot determine filename from url: " + url);
        }
        return name;
    }
}
