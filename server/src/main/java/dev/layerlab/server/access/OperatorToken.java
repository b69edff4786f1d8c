package dev.layerlab.server.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The operator's secret: 256 random bits as 64 hex digits in {@code <data-dir>/operator-token} (mode 0600),
 * made at the first start and kept across restarts. Sent as {@code Authorization: Bearer <token>}.
 */
public final class OperatorToken {
    public static final String FILE_NAME = "operator-token";
    private static final int MIN_LENGTH = 32;

    private final Path file;
    private final byte[] token;

    private OperatorToken(Path file, String token) {
        this.file = file;
        this.token = token.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the token of {@code dataDir}, making it first if there is none. */
    public static OperatorToken loadOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            create(file);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (token.length() < MIN_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IOException(file + " does not hold an operator token (at least " + MIN_LENGTH
                    + " printable characters); delete it to have a new one made");
        }
        return new OperatorToken(file, token);
    }

    private static void create(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temp); // another start made one first: keep that
        }
    }

    public Path file() {
        return file;
    }

    /** Whether {@code presented} is the token, compared in constant time. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.US_ASCII));
    }

    /** The token itself, for code acting as the operator (tests, tools); never log it. */
    public String value() {
        return new String(token, StandardCharsets.US_ASCII);
    }
}
