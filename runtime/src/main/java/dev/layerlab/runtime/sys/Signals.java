package dev.layerlab.runtime.sys;

import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.Locale;
import java.util.Map;

/** Linux signal names and numbers, accepting every form the docker CLI sends ("TERM", "SIGTERM", "15"). */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    private static final int SIGRTMIN = 34;
    private static final int SIGRTMAX = 64;
    private static final Map<String, Integer> BY_NAME = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31));

    private Signals() {
    }

    public static int parse(String text) {
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= SIGRTMAX) {
                return n;
            }
        }
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        Integer n = BY_NAME.get(s);
        if (n != null) {
            return n;
        }
        if (s.startsWith("RTMIN")) {
            return realtime(SIGRTMIN, s.substring(5), text);
        }
        if (s.startsWith("RTMAX")) {
            return realtime(SIGRTMAX, s.substring(5), text);
        }
        throw new InvalidArgumentException("Invalid signal: " + text);
    }

    private static int realtime(int base, String offset, String text) {
        try {
            int n = offset.isEmpty() ? base : base + Integer.parseInt(offset);
            if (n >= SIGRTMIN && n <= SIGRTMAX) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error
        }
        throw new InvalidArgumentException("Invalid signal: " + text);
    }
}
