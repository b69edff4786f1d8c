package dev.layerlab.server.terminal;

import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.runtime.sandbox.Sandboxes;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open terminals of one sandbox, at most {@link #MAX_TERMINALS}. Ids are 20 random hex digits
 * (80 bits) so they cannot be guessed, though access is still the session layer's to check. A
 * terminal leaves this list when its shell exits; {@link #closeAll} hangs every shell up when the
 * sandbox goes.
 */
public final class Terminals {
    public static final int MAX_TERMINALS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Sandboxes sandboxes;
    private final Sandbox sandbox;
    private final int max;
    private final Runnable onInput;
    private final Map<String, Terminal> terminals = new ConcurrentHashMap<>();
    private boolean closed;

    public Terminals(Sandboxes sandboxes, Sandbox sandbox) {
        this(sandboxes, sandbox, MAX_TERMINALS);
    }

    public Terminals(Sandboxes sandboxes, Sandbox sandbox, int max) {
        this(sandboxes, sandbox, max, () -> { });
    }

    /** {@code onInput} runs whenever something is typed into any of them (what keeps a sandbox in use). */
    public Terminals(Sandboxes sandboxes, Sandbox sandbox, int max, Runnable onInput) {
        this.sandboxes = sandboxes;
        this.sandbox = sandbox;
        this.max = max;
        this.onInput = onInput;
    }

    /**
     * Starts a shell and returns its terminal's id: {@link Terminal.Kind#HOST} in the sandbox's own
     * shell container ({@code containerRef} unused), {@link Terminal.Kind#CONTAINER} in the learner's
     * running container {@code containerRef} (name or id, as {@code docker exec} takes).
     */
    public synchronized String open(Terminal.Kind kind, String containerRef) throws IOException {
        if (closed) {
            throw new ConflictException("this sandbox's terminals are closed");
        }
        if (terminals.size() >= max) {
            throw new ConflictException("too many terminals in this sandbox (at most " + max + "); close one first");
        }
        Space space;
        String target;
        if (kind == Terminal.Kind.HOST) {
            space = sandboxes.hostSpace(sandbox);
            target = sandbox.hostContainerId();
        } else {
            if (containerRef == null || containerRef.isBlank()) {
                throw new InvalidArgumentException("a container terminal needs a container name or id");
            }
            space = sandboxes.space(sandbox);
            target = containerRef;
        }
        String id = newId();
        Terminal t = Terminal.start(id, kind, space, target, exited -> terminals.remove(exited.id(), exited), onInput);
        terminals.put(id, t);
        if (!t.running()) { // exited before it was listed
            terminals.remove(id, t);
        }
        return id;
    }

    /** The terminal {@code id} of this sandbox. */
    public Terminal get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("no such terminal: " + id));
    }

    public Optional<Terminal> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(terminals.get(id));
    }

    /** The running terminals, sorted by id (a stable order, not the order of opening). */
    public List<Terminal> list() {
        return terminals.values().stream().sorted(Comparator.comparing(Terminal::id)).toList();
    }

    /** Hangs up the shell of {@code id} and forgets it; its clients get the exit. */
    public void close(String id) {
        Terminal t = terminals.remove(id);
        if (t == null) {
            throw new NotFoundException("no such terminal: " + id);
        }
        t.kill();
    }

    /** Hangs up every shell and refuses new ones: the sandbox is going. */
    public void closeAll() {
        synchronized (this) {
            closed = true;
        }
        for (String id : List.copyOf(terminals.keySet())) {
            Terminal t = terminals.remove(id);
            if (t != null) {
                t.kill();
            }
        }
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    private String newId() {
        byte[] bytes = new byte[10];
        String id;
        do {
            RANDOM.nextBytes(bytes);
            id = HexFormat.of().formatHex(bytes);
        } while (terminals.containsKey(id));
        return id;
    }
}
