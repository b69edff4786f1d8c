package dev.layerlab.server.sandbox;

import dev.layerlab.server.registry.RegistryAccounts;
import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.runtime.sandbox.Sandboxes;
import dev.layerlab.server.dockerapi.ApiLimits;
import dev.layerlab.server.dockerapi.ApiServer;
import dev.layerlab.server.dockerapi.handlers.DockerApi;
import dev.layerlab.server.dockerapi.handlers.SandboxContext;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sandboxes with their Docker API served: create makes both, delete removes both. */
public final class SandboxService implements AutoCloseable {
    private final Engine engine;
    private final Sandboxes sandboxes;
    private final ApiLimits apiLimits;
    private final RegistryAccounts registryAccounts;
    private final Map<String, ApiServer> apis = new ConcurrentHashMap<>();

    public SandboxService(Engine engine, Sandboxes sandboxes) {
        this(engine, sandboxes, ApiLimits.DEFAULTS);
    }

    public SandboxService(Engine engine, Sandboxes sandboxes, ApiLimits apiLimits) {
        this.engine = engine;
        this.sandboxes = sandboxes;
        this.apiLimits = apiLimits;
        try {
            this.registryAccounts = RegistryAccounts.load(engine.settings().dataDir());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading the registry accounts", e);
        }
    }

    /** The learners' registry names and login tokens (what the sandboxes' docker login checks, and the registry's token endpoint). */
    public RegistryAccounts registryAccounts() {
        return registryAccounts;
    }

    public Sandboxes sandboxes() {
        return sandboxes;
    }

    public Sandbox create() throws IOException {
        return create(sandboxes.settings().diskBytes());
    }

    /** A sandbox whose disk quota is {@code diskBytes} instead of the settings' (tests of a full disk). */
    public Sandbox create(long diskBytes) throws IOException {
        Sandbox sandbox = sandboxes.create(diskBytes);
        try {
            apis.put(sandbox.id(), ApiServer.start(sandbox.apiSocket(),
                    DockerApi.router(new SandboxContext(engine, sandboxes, sandbox, registryAccounts)), apiLimits));
            // The sandbox's docker CLI runs as the sandbox's root, an unprivileged uid out here.
            java.nio.file.Files.setAttribute(sandbox.apiSocket(), "unix:uid", sandbox.ids().outside(0));
            java.nio.file.Files.setAttribute(sandbox.apiSocket(), "unix:gid", sandbox.ids().outside(0));
            return sandbox;
        } catch (IOException | RuntimeException e) {
            sandboxes.delete(sandbox.id());
            throw e;
        }
    }

    /** The Docker API server of a sandbox (its open connections, for status and tests). */
    public ApiServer api(String id) {
        ApiServer api = apis.get(id);
        if (api == null) {
            throw new dev.layerlab.runtime.error.NotFoundException("no such sandbox: " + id);
        }
        return api;
    }

    public void delete(String id) throws IOException {
        ApiServer api = apis.remove(id);
        if (api != null) {
            api.close();
        }
        sandboxes.delete(id);
    }

    @Override
    public void close() throws IOException {
        for (String id : Map.copyOf(apis).keySet()) {
            delete(id);
        }
        sandboxes.close();
    }
}
