package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Platform;

import java.util.Locale;

/** Which manifest of a multi-platform index this engine can run: linux on the JVM's own CPU. */
public final class Platforms {
    private Platforms() {
    }

    public static Platform host() {
        String arch = normaliseArchitecture(System.getProperty("os.arch", ""));
        return new Platform("linux", arch, arch.equals("arm64") ? "v8" : null);
    }

    /** Java and Go name CPUs differently; OCI uses Go's names. */
    static String normaliseArchitecture(String arch) {
        return switch (arch.toLowerCase(Locale.ROOT)) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch.toLowerCase(Locale.ROOT);
        };
    }

    /** Same OS and CPU; a variant only counts when both sides name one (arm64 images often omit "v8"). */
    public static boolean matches(Platform candidate, Platform wanted) {
        if (candidate == null || !wanted.os().equals(candidate.os())
                || !wanted.architecture().equals(normaliseArchitecture(String.valueOf(candidate.architecture())))) {
            return false;
        }
        return candidate.variant() == null || wanted.variant() == null || candidate.variant().equals(wanted.variant());
    }
}
