package dev.layerlab.runtime.image;

import java.util.List;

/** An image found in an archive and fully verified, waiting to be registered: its manifest and its names. */
record ArchiveImage(byte[] manifest, List<ImageReference> tags) {
    ArchiveImage {
        tags = List.copyOf(tags);
    }
}
