package dev.layerlab.runtime.content;

import com.github.luben.zstd.ZstdInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * How a layer or archive is compressed, told from its first bytes rather than its name or media type,
 * because {@code docker save} archives and hand-made ones are not reliable about either.
 */
public enum Compression {
    NONE(MediaTypes.OCI_LAYER, MediaTypes.DOCKER_LAYER),
    GZIP(MediaTypes.OCI_LAYER_GZIP, MediaTypes.DOCKER_LAYER_GZIP),
    ZSTD(MediaTypes.OCI_LAYER_ZSTD, MediaTypes.OCI_LAYER_ZSTD); // Docker's schema 2 has no zstd layer type

    public final String ociLayerType;
    public final String dockerLayerType;

    Compression(String ociLayerType, String dockerLayerType) {
        this.ociLayerType = ociLayerType;
        this.dockerLayerType = dockerLayerType;
    }

    public static Compression sniff(byte[] head, int length) {
        if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5
                && (head[2] & 0xff) == 0x2f && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** Wraps {@code in} so it yields the uncompressed bytes, whatever the compression. */
    public static InputStream decompressing(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        buffered.mark(4);
        byte[] head = buffered.readNBytes(4);
        buffered.reset();
        return sniff(head, head.length).open(buffered);
    }

    public InputStream open(InputStream in) throws IOException {
        return switch (this) {
            case NONE -> in;
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case ZSTD -> new ZstdInputStream(in);
        };
    }

    public static Compression of(ContentStore content, Digest blob) throws IOException {
        try (InputStream in = content.open(blob)) {
            byte[] head = in.readNBytes(4);
            return sniff(head, head.length);
        }
    }

    /** The diffID of a stored layer: the digest of its uncompressed tar. */
    public static Digest diffId(ContentStore content, Digest blob) throws IOException {
        Compression c = of(content, blob);
        if (c == NONE) {
            return blob;
        }
        MessageDigest hasher = Digest.newHasher();
        try (InputStream in = c.open(content.open(blob));
             OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), hasher)) {
            in.transferTo(sink);
        }
        return Digest.fromHash(hasher.digest());
    }
}
