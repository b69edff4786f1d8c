package dev.layerlab.runtime.container;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user spec ({@code name}, {@code uid}, {@code name:group}, {@code uid:gid}) resolved against the
 * image's own /etc/passwd and /etc/group, with Docker's rules: names must exist, numbers need not.
 */
public record ExecUser(int uid, int gid, List<Integer> additionalGids, String home) {

    public static ExecUser resolve(String spec, Path rootfs) {
        return resolve(spec, List.of(), rootfs);
    }

    /**
     * As {@link #resolve(String, Path)}, with {@code groupAdd} ({@code --group-add}: names looked up in the
     * image's /etc/group, numbers taken as they are) added to the supplementary groups.
     */
    public static ExecUser resolve(String spec, List<String> groupAdd, Path rootfs) {
        String userPart = spec == null ? "" : spec;
        String groupPart = null;
        int colon = userPart.indexOf(':');
        if (colon >= 0) {
            groupPart = userPart.substring(colon + 1);
            userPart = userPart.substring(0, colon);
        }
        List<String[]> passwd = readDatabase(rootfs, "passwd");
        List<String[]> groups = readDatabase(rootfs, "group");

        String[] entry = null;
        int uid;
        if (userPart.isEmpty()) {
            uid = 0;
            entry = find(passwd, 2, "0");
        } else if (isNumber(userPart)) {
            uid = parseId(userPart, "user");
            entry = find(passwd, 2, userPart);
        } else {
            entry = find(passwd, 0, userPart);
            if (entry == null) {
                throw new InvalidArgumentException("unable to find user " + userPart + ": no matching entries in passwd file");
            }
            uid = parseId(entry[2], "user");
        }
        int gid = entry != null && entry.length > 3 && isNumber(entry[3]) ? parseId(entry[3], "group") : 0;
        if (groupPart != null && !groupPart.isEmpty()) {
            if (isNumber(groupPart)) {
                gid = parseId(groupPart, "group");
            } else {
                String[] group = find(groups, 0, groupPart);
                if (group == null) {
                    throw new InvalidArgumentException("unable to find group " + groupPart + ": no matching entries in group file");
                }
                gid = parseId(group[2], "group");
            }
        }
        List<Integer> additional = new ArrayList<>();
        if (entry != null) {
            for (String[] group : groups) {
                if (group.length > 3 && List.of(group[3].split(",")).contains(entry[0]) && isNumber(group[2])) {
                    int g = parseId(group[2], "group");
                    if (g != gid && !additional.contains(g)) {
                        additional.add(g);
                    }
                }
            }
        }
        for (String g : groupAdd) {
            int id;
            if (isNumber(g)) {
                id = parseId(g, "group");
            } else {
                String[] group = find(groups, 0, g);
                if (group == null || group.length < 3 || !isNumber(group[2])) {
                    throw new InvalidArgumentException("Unable to find group " + g + ": no matching entries in group file");
                }
                id = parseId(group[2], "group");
            }
            if (!additional.contains(id)) {
                additional.add(id);
            }
        }
        String home = entry != null && entry.length > 5 && !entry[5].isEmpty() ? entry[5] : "/";
        return new ExecUser(uid, gid, List.copyOf(additional), home);
    }

    private static String[] find(List<String[]> db, int field, String value) {
        return db.stream().filter(e -> e.length > field && e[field].equals(value)).findFirst().orElse(null);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static int parseId(String s, String what) {
        try {
            int id = Integer.parseInt(s);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new InvalidArgumentException(what + " id out of range: " + s);
    }

    private static List<String[]> readDatabase(Path rootfs, String name) {
        return UserDatabase.read(rootfs, name);
    }
}
