package dev.layerlab.server.registry;

import dev.layerlab.runtime.io.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The registry's bearer tokens: {@code base64url(claims JSON).base64url(HMAC-SHA256)}, signed with a key
 * made at start (a restart only makes clients fetch a new token) and valid for {@link #LIFETIME}. Only this
 * server reads them, so a JWT library would add a dependency and nothing else: no other party verifies them.
 */
public final class RegistryTokens {
    public static final Duration LIFETIME = Duration.ofMinutes(5);

    /** Actions on one resource, as Docker's token scopes say them: {@code repository:alice/app:pull,push}. */
    public record Access(String type, String name, Set<String> actions) {
    }

    /** Who (an account name, or "" for anonymous) may do what until when (epoch seconds). */
    public record Claims(String sub, long exp, List<Access> access) {
        /** The access the token carries for the resource, if it was issued for it at all. */
        public Optional<Access> on(String type, String name) {
            return access.stream().filter(a -> a.type().equals(type) && a.name().equals(name)).findFirst();
        }

        public boolean anonymous() {
            return sub.isEmpty();
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private final byte[] key = new byte[32];
    private final Clock clock;

    public RegistryTokens(Clock clock) {
        this.clock = clock;
        new SecureRandom().nextBytes(key);
    }

    public String issue(String subject, List<Access> access) {
        Claims claims = new Claims(subject, clock.instant().plus(LIFETIME).getEpochSecond(), List.copyOf(access));
        String payload = B64.encodeToString(Json.toBytes(claims));
        return payload + "." + B64.encodeToString(sign(payload));
    }

    /** The claims of a token this server signed and that has not expired; empty for anything else. */
    public Optional<Claims> verify(String token) {
        int dot = token.indexOf('.');
        if (dot < 1 || token.length() > 16384) {
            return Optional.empty();
        }
        String payload = token.substring(0, dot);
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            return Optional.empty();
        }
        try {
            Claims claims = Json.read(Base64.getUrlDecoder().decode(payload), Claims.class);
            return claims.exp() > clock.instant().getEpochSecond() ? Optional.of(claims) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
