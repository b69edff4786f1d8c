package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/** Container IDs and names: random 64-hex IDs, Docker's name rule, and friendly generated names. */
final class Names {
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<String> ADJECTIVES = List.of(
            "brave", "calm", "clever", "eager", "gentle", "happy", "jolly", "keen", "kind", "lucid",
            "merry", "nimble", "proud", "quiet", "quick", "sharp", "steady", "sunny", "tidy", "witty");
    private static final List<String> NOUNS = List.of(
            "otter", "falcon", "maple", "comet", "harbor", "lantern", "meadow", "pebble", "river", "willow",
            "acorn", "badger", "cedar", "dolphin", "ember", "fjord", "glacier", "heron", "iris", "juniper");

    private Names() {
    }

    static String newId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        // An all-digit short ID would read as a number in the CLI; Docker avoids it the same way.
        return id.substring(0, 12).chars().allMatch(Character::isDigit) ? newId() : id;
    }

    /** Strips Docker's leading "/" and checks the name rule. */
    static String validate(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        if (!VALID.matcher(n).matches()) {
            throw new InvalidArgumentException("Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return n;
    }

    static String generate() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + NOUNS.get(RANDOM.nextInt(NOUNS.size()));
    }
}
