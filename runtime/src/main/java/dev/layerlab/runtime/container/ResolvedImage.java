package dev.layerlab.runtime.container;

import java.nio.file.Path;
import java.util.List;

/**
 * An image as containers need it: its ID, the name it was asked by, its unpacked layer directories
 * (top-most first, for overlay's lowerdir) and its defaults.
 */
public record ResolvedImage(String id, String reference, List<Path> layerDirsTopFirst, ImageDefaults defaults) {
}
