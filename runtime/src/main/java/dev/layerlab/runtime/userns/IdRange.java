package dev.layerlab.runtime.userns;

/**
 * A sandbox's ids on the real host: id {@code k} inside (0 <= k < {@link #SIZE}) is {@code base + k}
 * outside, for uids and gids alike. {@link #NONE} is the identity, for what runs without a user
 * namespace (the engine's own space).
 */
public record IdRange(int base, int size) {
    public static final int SIZE = 65536;
    /** What an id that has no name in a namespace shows as (the kernel's overflow id). */
    public static final int OVERFLOW = 65534;
    public static final IdRange NONE = new IdRange(0, Integer.MAX_VALUE);

    public IdRange {
        if (base < 0 || size <= 0 || (long) base + size > Integer.MAX_VALUE + 1L) {
            throw new IllegalArgumentException("bad id range " + base + "+" + size);
        }
    }

    public boolean isIdentity() {
        return base == 0;
    }

    /** The outside id of inside id {@code inside}; an id the range cannot name is refused. */
    public int outside(int inside) {
        if (isIdentity()) {
            return inside;
        }
        if (inside < 0 || inside >= size) {
            throw new IllegalArgumentException("id " + inside + " is outside the sandbox's ids 0-" + (size - 1));
        }
        return base + inside;
    }

    /** The inside id of outside id {@code outside}, or {@link #OVERFLOW} if it is not one of this range's. */
    public int inside(int outside) {
        if (isIdentity()) {
            return outside;
        }
        long k = (outside & 0xffffffffL) - base;
        return k >= 0 && k < size ? (int) k : OVERFLOW;
    }

    /** The line for {@code /proc/<pid>/uid_map} and {@code gid_map}. */
    String mapLine() {
        return "0 " + base + " " + size + "\n";
    }
}
