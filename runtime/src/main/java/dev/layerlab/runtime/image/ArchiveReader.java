package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.InvalidArgumentException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an image archive in one pass: layers and other blobs stream straight into the content store
 * (verified when their name is their digest), small metadata files stay in memory. {@code docker save}
 * puts manifest.json last, so nothing can be interpreted before the whole tar has been read.
 * The JSON files (manifest.json, repositories, configs, index.json) are the only part held in memory,
 * so together they may be {@link #METADATA_LIMIT} at most: what is kept, plus what is read back from the
 * store; a bigger archive is refused, whatever its layers weigh.
 */
final class ArchiveReader {
    /** The archive's JSON files together, in memory at once: far above any real image's (a few KiB each). */
    static final long METADATA_LIMIT = 8L << 20;
    private static final Pattern BLOB_PATH = Pattern.compile("blobs/sha256/([0-9a-f]{64})");

    private final ContentStore content;
    private final Map<String, byte[]> inline = new HashMap<>();
    private final Map<String, Descriptor> stored = new HashMap<>();
    private final Map<String, String> links = new HashMap<>();
    private long metadataLeft = METADATA_LIMIT;

    private ArchiveReader(ContentStore content) {
        this.content = content;
    }

    static ArchiveReader read(InputStream archive, ContentStore content) throws IOException {
        ArchiveReader reader = new ArchiveReader(content);
        TarArchiveInputStream tar = new TarArchiveInputStream(archive);
        for (TarArchiveEntry e = nextEntry(tar); e != null; e = nextEntry(tar)) {
            String name = clean(e.getName(), e.getName());
            if (e.isSymbolicLink()) {
                reader.links.put(name, resolveLink(name, e.getLinkName(), e.getName()));
            } else if (e.isLink()) {
                reader.links.put(name, clean(e.getLinkName(), e.getName()));
            } else if (e.isFile()) {
                reader.add(name, e.getSize(), tar);
            } // directories and special files carry nothing an image needs
        }
        return reader;
    }

    /** The next header; one that does not parse makes the upload an invalid archive (the sender's mistake), not an engine fault. */
    private static TarArchiveEntry nextEntry(TarArchiveInputStream tar) {
        try {
            return tar.getNextEntry();
        } catch (IOException e) {
            throw new InvalidArgumentException("invalid archive: not a tar file (" + e.getMessage() + ")", e);
        }
    }

    private void add(String name, long size, InputStream data) throws IOException {
        Matcher blob = BLOB_PATH.matcher(name);
        if (blob.matches()) {
            Descriptor expected = new Descriptor(MediaTypes.OCTET_STREAM, new Digest(blob.group(1)), size);
            stored.put(name, content.write(data, expected));
        } else if (size <= metadataLeft && (!name.contains("/") || name.endsWith("/json") || name.endsWith("/VERSION"))) {
            metadataLeft -= size;
            inline.put(name, data.readAllBytes());
        } else {
            stored.put(name, content.write(data, MediaTypes.OCTET_STREAM));
        }
    }

    boolean contains(String path) {
        String p = follow(clean(path, path));
        return inline.containsKey(p) || stored.containsKey(p);
    }

    /** A metadata file's bytes; one read from the store counts against {@link #METADATA_LIMIT}. */
    byte[] bytes(String path) throws IOException {
        byte[] b = inline.get(follow(clean(path, path)));
        if (b != null) {
            return b;
        }
        Descriptor d = blob(path);
        if (d.size() > metadataLeft) {
            throw new InvalidArgumentException("invalid archive: " + path + " is " + d.size() + " bytes, and an image"
                    + " archive's JSON files (manifest.json, repositories, configs, index.json) may be "
                    + (METADATA_LIMIT >> 20) + " MiB in total");
        }
        metadataLeft -= d.size();
        return content.read(d.digest());
    }

    /** The file as a blob in the content store, storing it first if it was kept in memory. */
    Descriptor blob(String path) throws IOException {
        String p = follow(clean(path, path));
        Descriptor d = stored.get(p);
        if (d == null && inline.containsKey(p)) {
            d = content.write(new ByteArrayInputStream(inline.get(p)), MediaTypes.OCTET_STREAM);
            stored.put(p, d);
        }
        if (d == null) {
            throw new InvalidArgumentException("invalid archive: " + path + " is missing");
        }
        return d;
    }

    private String follow(String path) {
        String p = path;
        for (int hops = 0; links.containsKey(p); hops++) {
            if (hops > 16) {
                throw new InvalidArgumentException("invalid archive: too many links at " + path);
            }
            p = links.get(p);
        }
        return p;
    }

    /** The entry name made relative and canonical; absolute names and any ".." are refused outright. */
    static String clean(String raw, String entry) {
        if (raw.startsWith("/")) {
            throw unsafe(entry);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : raw.split("/")) {
            if (part.equals("..")) {
                throw unsafe(entry);
            }
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** docker save links duplicate layers as {@code ../<id>/layer.tar}: fine while it stays inside the archive. */
    private static String resolveLink(String name, String target, String entry) {
        if (target.startsWith("/")) {
            throw unsafe(entry);
        }
        Deque<String> parts = new ArrayDeque<>();
        String[] own = name.split("/");
        for (int i = 0; i < own.length - 1; i++) {
            parts.add(own[i]);
        }
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw unsafe(entry);
                }
                parts.removeLast();
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    private static InvalidArgumentException unsafe(String entry) {
        return new InvalidArgumentException("invalid archive: entry \"" + entry + "\" points outside the archive");
    }
}
