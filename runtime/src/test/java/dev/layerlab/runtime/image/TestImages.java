package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds small images straight into a store; layers are plain bytes typed as uncompressed tars. */
final class TestImages {
    private TestImages() {
    }

    static Descriptor layer(ContentStore content, String text) throws IOException {
        return content.write(text.getBytes(StandardCharsets.UTF_8), MediaTypes.OCI_LAYER);
    }

    static ImageConfig config(String created, List<Descriptor> layers) {
        List<Digest> diffIds = new ArrayList<>();
        layers.forEach(l -> diffIds.add(l.digest()));
        return new ImageConfig(created, null, "amd64", "linux", null, null, null,
                ContainerDefaults.empty(), RootFs.of(diffIds), List.of(), Map.of());
    }

    static Image image(ImageStore store, ContentStore content, String created, String... layerTexts) throws IOException {
        List<Descriptor> layers = new ArrayList<>();
        for (String t : layerTexts) {
            layers.add(layer(content, t));
        }
        return store.create(config(created, layers), layers);
    }
}
