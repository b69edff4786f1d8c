package dev.layerlab.runtime.content;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest, always sha256 here: {@code sha256:<64 lowercase hex>}. */
public record Digest(String hex) implements Comparable<Digest> {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    public static final String ALGORITHM = "sha256";

    public Digest {
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw new InvalidArgumentException("invalid sha256 digest: " + hex);
        }
    }

    /** Parses {@code sha256:<hex>}; any other algorithm or form is rejected. Also how JSON reads a digest. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Digest parse(String text) {
        if (text == null || !text.startsWith(ALGORITHM + ":")) {
            throw new InvalidArgumentException("invalid digest (want sha256:<64 hex>): " + text);
        }
        return new Digest(text.substring(ALGORITHM.length() + 1));
    }

    public static Digest of(byte[] bytes) {
        return fromHash(newHasher().digest(bytes));
    }

    public static Digest fromHash(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    public static MessageDigest newHasher() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex characters, as Docker shows IDs. */
    public String shortId() {
        return hex.substring(0, 12);
    }

    /** {@code sha256:<hex>}; also the JSON form, as in OCI descriptors. */
    @JsonValue
    @Override
    public String toString() {
        return ALGORITHM + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return hex.compareTo(o.hex);
    }
}
