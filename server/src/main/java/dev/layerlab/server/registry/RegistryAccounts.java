package dev.layerlab.server.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.registry.RepositoryName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one place learners' registry accounts come from: learner id -> registry name (the namespace they
 * alone may push to) and a token the server issued them (the password of {@code docker login}), saved
 * in {@code <data-dir>/registry-accounts.json} (mode 0600). How a learner picks a name is the
 * classroom's business; here a name is given when the account is made.
 */
public final class RegistryAccounts {
    /** A learner's registry name and login token. */
    public record Account(String learnerId, String name, String token) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Names nobody may take: {@code library} is Docker Hub's namespace of official images ({@code busybox} = {@code library/busybox}). */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("library", "docker", "layerlab");
    private final Path file;
    private final Map<String, Account> byLearner = new LinkedHashMap<>();

    private RegistryAccounts(Path file) {
        this.file = file;
    }

    public static RegistryAccounts load(Path dataDir) throws IOException {
        RegistryAccounts accounts = new RegistryAccounts(dataDir.resolve("registry-accounts.json"));
        if (Files.exists(accounts.file)) {
            Map<String, Account> saved = Json.MAPPER.readValue(accounts.file.toFile(), new TypeReference<Map<String, Account>>() { });
            accounts.byLearner.putAll(saved);
        }
        return accounts;
    }

    /** The learner's account, made with {@code name} (one path component, not taken) if they have none. */
    public synchronized Account ensure(String learnerId, String name) throws IOException {
        Account existing = byLearner.get(learnerId);
        if (existing != null) {
            return existing;
        }
        if (!RepositoryName.isValid(name) || name.contains("/")) {
            throw new IllegalArgumentException("a registry name is one lowercase name component, not " + name);
        }
        if (RESERVED.contains(name) || byLearner.values().stream().anyMatch(a -> a.name().equals(name))) {
            throw new IllegalArgumentException("the registry name " + name + " is taken");
        }
        byte[] secret = new byte[16];
        RANDOM.nextBytes(secret);
        Account account = new Account(learnerId, name, HexFormat.of().formatHex(secret));
        byLearner.put(learnerId, account);
        save();
        return account;
    }

    public synchronized Optional<Account> of(String learnerId) {
        return Optional.ofNullable(byLearner.get(learnerId));
    }

    /** The account whose name and token these are; the comparison takes the same time whatever matches. */
    public synchronized Optional<Account> authenticate(String name, String token) {
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        Account found = null;
        for (Account a : byLearner.values()) {
            boolean tokenMatches = MessageDigest.isEqual(a.token().getBytes(StandardCharsets.UTF_8), given);
            if (tokenMatches && a.name().equals(name)) {
                found = a;
            }
        }
        return Optional.ofNullable(found);
    }

    private void save() throws IOException {
        AtomicFiles.write(file, Json.toBytes(byLearner));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
