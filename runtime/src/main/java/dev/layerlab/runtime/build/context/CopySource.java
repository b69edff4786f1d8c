package dev.layerlab.runtime.build.context;

import java.nio.file.Path;

/**
 * One matched source of a COPY/ADD: a path inside {@code root} (the build context, or another stage's
 * or image's rootfs for {@code --from}). {@code relativePath} is as matched: cleaned, no leading slash,
 * "." for the root itself; it is resolved inside {@code root} when used.
 */
public record CopySource(Path root, String relativePath) {
}
