/**
 * Paths inside trees a learner controls (a container's root, the sandbox host's files, a volume),
 * resolved by file descriptor at the moment of use. Every caller that opens, creates or mounts a
 * path in such a tree goes through {@link dev.layerlab.runtime.fs.TreeRoot}: resolution is
 * {@code openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)}, so a symlink (or {@code ..}) can never
 * lead out of the root, and the result is an {@code O_PATH} descriptor of exactly the file found.
 * What is then done with it (a bind mount with {@link dev.layerlab.runtime.fs.FdMount}, a read
 * through {@code /proc/self/fd/N}) uses that descriptor, never the path again, so swapping a
 * directory for a symlink after the check changes nothing.
 */
package dev.layerlab.runtime.fs;
