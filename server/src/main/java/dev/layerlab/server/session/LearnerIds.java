package dev.layerlab.server.session;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Session IDs: 128 random bits as hex, so one learner cannot guess another's. */
final class LearnerIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private LearnerIds() {
    }

    static String next() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static boolean isValid(String id) {
        return id != null && id.matches("[0-9a-f]{32}");
    }
}
