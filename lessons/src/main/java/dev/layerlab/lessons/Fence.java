package dev.layerlab.lessons;

import java.util.regex.Pattern;

/** What a fenced block of a lesson is, from its info string; anything else is refused. */
record Fence(Kind kind, String path) {
    enum Kind { COMMAND, INTERACTIVE, FILE, CHECK, HINT, SOLUTION, TEST, TEXT }

    private static final Pattern FILE_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    static final String KNOWN = "bash, bash interactive, file <path>, check, hint, solution, test, text";

    /** The fence of this info string, or null when it is not one of {@link #KNOWN}. */
    static Fence of(String info) {
        String[] words = info.trim().split("\\s+");
        return switch (String.join(" ", words)) {
            case "bash" -> new Fence(Kind.COMMAND, null);
            case "bash interactive" -> new Fence(Kind.INTERACTIVE, null);
            case "check" -> new Fence(Kind.CHECK, null);
            case "hint" -> new Fence(Kind.HINT, null);
            case "solution" -> new Fence(Kind.SOLUTION, null);
            case "test" -> new Fence(Kind.TEST, null);
            case "text" -> new Fence(Kind.TEXT, null);
            default -> words.length == 2 && words[0].equals("file") ? new Fence(Kind.FILE, words[1]) : null;
        };
    }

    /** A file path is relative to /root and stays under it. */
    static boolean validPath(String path) {
        if (!FILE_PATH.matcher(path).matches()) {
            return false;
        }
        for (String part : path.split("/")) {
            if (part.equals("..") || part.equals(".")) {
                return false;
            }
        }
        return true;
    }
}
