package dev.layerlab.server.session;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One learner, known by the session cookie: language, progress (the steps passed, per lesson) and
 * the sandbox in use, if any. Progress is saved on the server and outlives sandboxes and restarts;
 * the sandbox does not (a returning learner gets a fresh one).
 */
public final class Learner {
    private final String id;
    private String language;
    private final Map<String, Set<String>> passed;
    private String sandboxId;   // not saved: sandboxes do not outlive the server
    private Instant lastSeen;
    private boolean saved;      // has a file on disk: worth keeping without a sandbox

    Learner(String id, String language, Map<String, Set<String>> passed) {
        this.id = id;
        this.language = language;
        this.passed = new TreeMap<>();
        passed.forEach((lesson, steps) -> this.passed.put(lesson, new TreeSet<>(steps)));
        this.lastSeen = Instant.now();
    }

    public String id() {
        return id;
    }

    public synchronized String language() {
        return language;
    }

    synchronized void language(String language) {
        this.language = language;
    }

    /** The steps of {@code lessonId} this learner has passed. */
    public synchronized Set<String> passed(String lessonId) {
        return Set.copyOf(passed.getOrDefault(lessonId, Set.of()));
    }

    synchronized boolean markPassed(String lessonId, String stepId) {
        return passed.computeIfAbsent(lessonId, k -> new TreeSet<>()).add(stepId);
    }

    synchronized Map<String, Set<String>> progress() {
        Map<String, Set<String>> copy = new TreeMap<>();
        passed.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return copy;
    }

    synchronized String sandboxId() {
        return sandboxId;
    }

    synchronized void sandboxId(String id) {
        this.sandboxId = id;
    }

    synchronized boolean saved() {
        return saved;
    }

    synchronized void markSaved() {
        saved = true;
    }

    synchronized Instant lastSeen() {
        return lastSeen;
    }

    synchronized void seen(Instant now) {
        lastSeen = now;
    }
}
