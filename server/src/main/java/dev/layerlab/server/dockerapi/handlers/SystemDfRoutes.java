package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.volume.Volume;
import dev.layerlab.server.dockerapi.ApiExchange;
import dev.layerlab.server.dockerapi.ApiRouter;
import dev.layerlab.server.dockerapi.ApiRoutes;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code docker system df}: images with their container counts, containers, volumes with usage, and
 * LayersSize counting each shared layer once, as Docker does.
 */
final class SystemDfRoutes implements ApiRoutes {
    private final SandboxContext ctx;
    private final LayerSizes sizes;

    SystemDfRoutes(SandboxContext ctx) {
        this.ctx = ctx;
        this.sizes = new LayerSizes(ctx.engine().snapshots());
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/system/df", this::df);
    }

    private void df(ApiExchange ex) throws IOException {
        List<ContainerRecord> containers = ctx.space().containers().list();
        Set<Digest> seen = new HashSet<>();
        long layersSize = 0;
        List<Object> images = new ArrayList<>();
        for (Image image : ctx.space().images().list()) {
            int users = (int) containers.stream().filter(c -> c.imageId().equals(image.id().toString())).count();
            images.add(ImageJson.summary(image, ctx.space().images().parentOf(image.id()).map(Object::toString).orElse(""), sizes.of(image), users, ex.apiVersion(), r -> true));
            for (Image.Layer layer : image.layers()) {
                if (seen.add(layer.diffId())) {
                    layersSize += sizes.of(layer);
                }
            }
        }
        List<Object> cs = new ArrayList<>();
        for (ContainerRecord c : containers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Id", c.id());
            m.put("Names", List.of("/" + c.name()));
            m.put("Image", c.imageReference());
            m.put("ImageID", c.imageId());
            m.put("Command", String.join(" ", command(c)));
            m.put("Created", DockerTime.unixSeconds(c.created()));
            m.put("State", c.state().status().dockerName());
            m.put("Status", c.state().status().dockerName());
            long rw = ctx.space().writableLayerBytes(c.id());
            m.put("SizeRw", rw);
            m.put("SizeRootFs", rw);
            m.put("Labels", Map.of());
            m.put("Mounts", List.of());
            cs.add(m);
        }
        List<Object> volumes = new ArrayList<>();
        for (Volume v : ctx.space().volumes().list()) {
            Map<String, Object> m = VolumeJson.of(v);
            m.put("UsageData", Map.of("Size", ctx.space().volumes().size(v),
                    "RefCount", ctx.space().containers().volumeUsers(v.name()).size()));
            volumes.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("LayersSize", layersSize);
        out.put("Images", images);
        out.put("Containers", cs);
        out.put("Volumes", volumes);
        out.put("BuildCache", List.of());
        ex.respond(200, out);
    }

    private static List<String> command(ContainerRecord c) {
        List<String> cmd = new ArrayList<>();
        if (c.effective() != null) {
            if (c.effective().entrypoint() != null) {
                cmd.addAll(c.effective().entrypoint());
            }
            if (c.effective().cmd() != null) {
                cmd.addAll(c.effective().cmd());
            }
        }
        return cmd;
    }
}
