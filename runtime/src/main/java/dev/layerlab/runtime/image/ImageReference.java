package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A normalised image reference, {@code domain/path[:tag][@digest]}, parsed with the grammar and the
 * normalisation rules of Docker's distribution/reference ({@code ParseNormalizedNamed} + {@code TagNameOnly}),
 * so that names the engine accepts, and the errors it gives, are the ones learners meet in Docker.
 */
public final class ImageReference {
    public static final String DEFAULT_DOMAIN = "docker.io";
    public static final String DEFAULT_TAG = "latest";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
    private static final Pattern REMAINDER = Pattern.compile(
            "(" + PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*)"
                    + "(?::(" + TAG + "))?"
                    + "(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?");
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    private final String domain;
    private final String path;
    private final String tag;
    private final Digest digest;

    private ImageReference(String domain, String path, String tag, Digest digest) {
        this.domain = domain;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
    }

    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidArgumentException("invalid reference format");
        }
        if (HEX64.matcher(text).matches()) {
            throw new InvalidArgumentException("invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
        }
        // The first component is a registry only if it looks like a host; "nginx" and "team/app" are Docker Hub's.
        String domain;
        String remainder;
        int slash = text.indexOf('/');
        String first = slash < 0 ? "" : text.substring(0, slash);
        if (slash < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
                && first.toLowerCase(java.util.Locale.ROOT).equals(first))) {
            domain = DEFAULT_DOMAIN;
            remainder = text;
        } else {
            domain = first;
            remainder = text.substring(slash + 1);
        }
        if (domain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
        }
        if (domain.equals(DEFAULT_DOMAIN) && !remainder.contains("/")) {
            remainder = OFFICIAL_PREFIX + remainder;
        }
        int colon = remainder.indexOf(':');
        String remote = colon < 0 ? remainder : remainder.substring(0, colon);
        if (!remote.toLowerCase(java.util.Locale.ROOT).equals(remote)) {
            throw new InvalidArgumentException("invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        Matcher m = REMAINDER.matcher(remainder);
        if (!DOMAIN.matcher(domain).matches() || !m.matches()) {
            String lower = remainder.toLowerCase(java.util.Locale.ROOT);
            if (DOMAIN.matcher(domain.toLowerCase(java.util.Locale.ROOT)).matches() && REMAINDER.matcher(lower).matches()) {
                throw new InvalidArgumentException("invalid reference format: repository name must be lowercase");
            }
            throw new InvalidArgumentException("invalid reference format");
        }
        String path = m.group(1);
        if (domain.length() + 1 + path.length() > NAME_TOTAL_LENGTH_MAX) {
            throw new InvalidArgumentException("repository name must not be more than " + NAME_TOTAL_LENGTH_MAX + " characters");
        }
        Digest digest = m.group(3) == null ? null : parseDigest(m.group(3));
        String tag = m.group(2);
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
        return new ImageReference(domain, path, tag, digest);
    }

    /** go-digest's checks, with its messages; only sha256 is supported here. */
    private static Digest parseDigest(String text) {
        int colon = text.indexOf(':');
        String algorithm = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        if (!algorithm.equals(Digest.ALGORITHM)) {
            throw new InvalidArgumentException("unsupported digest algorithm");
        }
        if (hex.length() != 64) {
            throw new InvalidArgumentException("invalid checksum digest length");
        }
        if (!HEX64.matcher(hex).matches()) {
            throw new InvalidArgumentException("invalid checksum digest format");
        }
        return new Digest(hex);
    }

    public String domain() {
        return domain;
    }

    /** The path within the registry, e.g. {@code library/nginx}. */
    public String path() {
        return path;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** The normalised name without tag or digest, e.g. {@code docker.io/library/nginx}. */
    public String repository() {
        return domain + "/" + path;
    }

    /** The name as Docker prints it: {@code nginx}, {@code team/app}, {@code localhost:5000/a/b}. */
    public String familiarName() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return repository();
        }
        if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }

    /** The reference as Docker prints it, e.g. {@code nginx:latest}. */
    public String familiarString() {
        return familiarName() + suffix();
    }

    /** Like distribution's {@code WithTag}: a digest, if any, is kept. */
    public ImageReference withTag(String newTag) {
        if (newTag == null || !TAG_PATTERN.matcher(newTag).matches()) {
            throw new InvalidArgumentException("invalid tag format");
        }
        return new ImageReference(domain, path, newTag, digest);
    }

    public ImageReference withDigest(Digest newDigest) {
        return new ImageReference(domain, path, tag, Objects.requireNonNull(newDigest));
    }

    private String suffix() {
        return (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    /** The full normalised form, e.g. {@code docker.io/library/nginx:latest}. */
    @Override
    public String toString() {
        return repository() + suffix();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageReference r && toString().equals(r.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
