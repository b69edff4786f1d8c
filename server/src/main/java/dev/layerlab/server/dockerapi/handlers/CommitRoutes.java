package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /commit}: a container's writable layer as a new image, paused while it is read as Docker does. */
final class CommitRoutes implements ApiRoutes {
    private final SandboxContext ctx;

    CommitRoutes(SandboxContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void register(ApiRouter r) {
        r.post("/commit", this::commit);
    }

    private void commit(ApiExchange ex) throws IOException {
        var q = ex.query();
        var containers = ctx.space().containers();
        ContainerRecord rec = containers.inspect(q.string("container", ""));
        String repo = q.string("repo", "");
        String tag = q.string("tag", "");
        String reference = repo.isEmpty() ? null : tag.isEmpty() ? repo : repo + ":" + tag;
        List<String> changes = new ArrayList<>();
        for (String c : q.all("changes")) {
            changes.addAll(List.of(c.split("\n")));
        }
        // Always held still, even with pause=false: a running container's processes could otherwise
        // swap a directory for a symlink while its writable layer is read (a host file in the image).
        Image image;
        try (var held = containers.freeze(rec.id())) {
            image = ctx.space().commit(rec.id(), reference, q.string("comment", ""), q.string("author", ""),
                    d -> CommitChanges.apply(d, changes));
        }
        ex.respond(201, Map.of("Id", image.id().toString()));
    }
}
