/**
 * User namespaces of sandboxes: each sandbox's processes run as uid 0..65535 inside, which is a
 * range of unprivileged uids of its own outside ({@link IdRange}, claimed machine-wide by
 * {@link IdRanges}), in one namespace per sandbox ({@link UserNamespace}). Shared layers stay owned
 * by 0..65535 on disk and are shown to the sandbox through idmapped mounts; {@link AsSandboxRoot}
 * runs the engine's own writes into a sandbox's trees with the sandbox root's file ids.
 * See docs/security.md.
 */
package dev.layerlab.runtime.userns;
