package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Descriptor;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.content.MediaTypes;
import dev.layerlab.runtime.error.InvalidArgumentException;
import dev.layerlab.runtime.io.Json;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code docker save}: writes an OCI image layout tar with a Docker {@code manifest.json} beside it, the
 * format Docker 25+ writes, so both {@code docker load} and OCI tools read it. Entries have fixed times and
 * modes, so the same images always give the same bytes.
 */
public final class ImageExporter {
    private final ContentStore content;
    private final ImageStore images;

    public ImageExporter(ContentStore content, ImageStore images) {
        this.content = content;
        this.images = images;
    }

    /** Names given are saved with the image; an image given by ID is saved without names, as in Docker. */
    public void export(List<String> namesOrIds, OutputStream out) throws IOException {
        if (namesOrIds.isEmpty()) {
            throw new InvalidArgumentException("nothing to save: no image given");
        }
        Map<Digest, Image> chosen = new LinkedHashMap<>();
        Map<Digest, Set<ImageReference>> names = new LinkedHashMap<>();
        try (ContentStore.Lease lease = content.lease()) {
            for (String given : namesOrIds) {
                Image image = images.resolve(given);
                chosen.putIfAbsent(image.manifestDigest(), image);
                Set<ImageReference> mine = names.computeIfAbsent(image.manifestDigest(), d -> new LinkedHashSet<>());
                image.references().stream().filter(r -> matches(r, given)).forEach(mine::add);
                lease.protect(image.manifestDigest());
                lease.protect(image.id());
                image.layers().forEach(l -> lease.protect(l.blob().digest()));
            }
            write(chosen, names, out);
        }
        ImageEvents events = new ImageEvents(images.events());
        chosen.values().forEach(image -> events.publish(image, "save", image.id().toString()));
    }

    private static boolean matches(ImageReference ref, String given) {
        try {
            return ref.equals(ImageReference.parse(given));
        } catch (InvalidArgumentException e) {
            return false; // an ID, not a name
        }
    }

    private void write(Map<Digest, Image> chosen, Map<Digest, Set<ImageReference>> names, OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        directory(tar, "blobs/");
        directory(tar, "blobs/sha256/");
        Set<Digest> written = new LinkedHashSet<>();
        List<Descriptor> index = new ArrayList<>();
        List<Map<String, Object>> dockerManifest = new ArrayList<>();
        for (Image image : chosen.values()) {
            Descriptor manifest = new Descriptor(image.manifest().mediaType() == null ? MediaTypes.OCI_MANIFEST
                    : image.manifest().mediaType(), image.manifestDigest(), content.size(image.manifestDigest()));
            blob(tar, manifest.digest(), written);
            blob(tar, image.id(), written);
            List<String> layerPaths = new ArrayList<>();
            for (Image.Layer layer : image.layers()) {
                blob(tar, layer.blob().digest(), written);
                layerPaths.add(path(layer.blob().digest()));
            }
            List<String> repoTags = new ArrayList<>();
            if (names.get(image.manifestDigest()).isEmpty()) {
                index.add(manifest);
            }
            for (ImageReference ref : names.get(image.manifestDigest())) {
                Map<String, String> annotations = new TreeMap<>();
                annotations.put(OciLayoutFormat.IMAGE_NAME, ref.toString());
                ref.tag().ifPresent(t -> annotations.put(OciLayoutFormat.REF_NAME, t));
                index.add(manifest.withAnnotations(annotations));
                repoTags.add(ref.familiarString());
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Config", path(image.id()));
            entry.put("RepoTags", repoTags.isEmpty() ? null : repoTags);
            entry.put("Layers", layerPaths);
            dockerManifest.add(entry);
        }
        file(tar, "index.json", Json.toBytes(new ImageIndex(2, MediaTypes.OCI_INDEX, index, null)));
        file(tar, "manifest.json", Json.toBytes(dockerManifest));
        file(tar, "oci-layout", Json.toBytes(Map.of("imageLayoutVersion", OciLayoutFormat.LAYOUT_VERSION)));
        tar.finish();
        tar.flush();
    }

    private static String path(Digest d) {
        return "blobs/sha256/" + d.hex();
    }

    private void blob(TarArchiveOutputStream tar, Digest d, Set<Digest> written) throws IOException {
        if (!written.add(d)) {
            return;
        }
        TarArchiveEntry e = entry(path(d), content.size(d));
        tar.putArchiveEntry(e);
        try (InputStream in = content.open(d)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }

    private static void file(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        tar.putArchiveEntry(entry(name, data.length));
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040755);
        e.setModTime(0);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(size);
        e.setMode(0100644);
        e.setModTime(0);
        return e;
    }
}
