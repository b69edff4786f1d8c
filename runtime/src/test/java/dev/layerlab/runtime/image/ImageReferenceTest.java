package dev.layerlab.runtime.image;

import dev.layerlab.runtime.error.InvalidArgumentException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageReferenceTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                                   | full normalised form                                   | familiar string                          | repository
            nginx                                     | docker.io/library/nginx:latest                         | nginx:latest                             | docker.io/library/nginx
            nginx:1.25                                | docker.io/library/nginx:1.25                           | nginx:1.25                               | docker.io/library/nginx
            docker.io/library/nginx:latest            | docker.io/library/nginx:latest                         | nginx:latest                             | docker.io/library/nginx
            index.docker.io/library/nginx             | docker.io/library/nginx:latest                         | nginx:latest                             | docker.io/library/nginx
            index.docker.io/nginx                     | docker.io/library/nginx:latest                         | nginx:latest                             | docker.io/library/nginx
            docker.io/busybox                         | docker.io/library/busybox:latest                       | busybox:latest                           | docker.io/library/busybox
            library/busybox                           | docker.io/library/busybox:latest                       | busybox:latest                           | docker.io/library/busybox
            ubuntu:22.04                              | docker.io/library/ubuntu:22.04                         | ubuntu:22.04                             | docker.io/library/ubuntu
            team/app                                  | docker.io/team/app:latest                              | team/app:latest                          | docker.io/team/app
            team/sub/app:v1                           | docker.io/team/sub/app:v1                              | team/sub/app:v1                          | docker.io/team/sub/app
            library/a/b                               | docker.io/library/a/b:latest                           | library/a/b:latest                       | docker.io/library/a/b
            localhost/app                             | localhost/app:latest                                   | localhost/app:latest                     | localhost/app
            localhost:5000/a/b:1                      | localhost:5000/a/b:1                                   | localhost:5000/a/b:1                     | localhost:5000/a/b
            localhost                                 | docker.io/library/localhost:latest                     | localhost:latest                         | docker.io/library/localhost
            localhost:5000                            | docker.io/library/localhost:5000                       | localhost:5000                           | docker.io/library/localhost
            ghcr.io/owner/repo:sha-1234               | ghcr.io/owner/repo:sha-1234                            | ghcr.io/owner/repo:sha-1234              | ghcr.io/owner/repo
            quay.io/coreos/etcd:v3.5.0                | quay.io/coreos/etcd:v3.5.0                             | quay.io/coreos/etcd:v3.5.0               | quay.io/coreos/etcd
            Registry.Example.com/app                  | Registry.Example.com/app:latest                        | Registry.Example.com/app:latest          | Registry.Example.com/app
            Foo/bar                                   | Foo/bar:latest                                         | Foo/bar:latest                           | Foo/bar
            [::1]:5000/app:dev                        | [::1]:5000/app:dev                                     | [::1]:5000/app:dev                       | [::1]:5000/app
            127.0.0.1:5000/x                          | 127.0.0.1:5000/x:latest                                | 127.0.0.1:5000/x:latest                  | 127.0.0.1:5000/x
            my-app_1.0__x---y                         | docker.io/library/my-app_1.0__x---y:latest             | my-app_1.0__x---y:latest                 | docker.io/library/my-app_1.0__x---y
            a:Tag_With.Upper-1                        | docker.io/library/a:Tag_With.Upper-1                   | a:Tag_With.Upper-1                       | docker.io/library/a
            nginx@sha256:HEX                          | docker.io/library/nginx@sha256:HEX                     | nginx@sha256:HEX                         | docker.io/library/nginx
            nginx:1.25@sha256:HEX                     | docker.io/library/nginx:1.25@sha256:HEX                | nginx:1.25@sha256:HEX                    | docker.io/library/nginx
            registry.example.com:5000/team/app@sha256:HEX | registry.example.com:5000/team/app@sha256:HEX     | registry.example.com:5000/team/app@sha256:HEX | registry.example.com:5000/team/app
            sha256:abc                                | docker.io/library/sha256:abc                           | sha256:abc                               | docker.io/library/sha256
            abc123                                    | docker.io/library/abc123:latest                        | abc123:latest                            | docker.io/library/abc123
            """)
    void parsesAndNormalises(String input, String full, String familiar, String repository) {
        ImageReference ref = ImageReference.parse(input.replace("HEX", HEX));
        assertEquals(full.replace("HEX", HEX), ref.toString());
        assertEquals(familiar.replace("HEX", HEX), ref.familiarString());
        assertEquals(repository, ref.repository());
        assertEquals(ref, ImageReference.parse(ref.toString()), "the normalised form must parse to itself");
        assertEquals(ref, ImageReference.parse(ref.familiarString()), "the familiar form must parse to the same reference");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # input                              | message
            Nginx                                | invalid reference format: repository name (library/Nginx) must be lowercase
            team/App                             | invalid reference format: repository name (team/App) must be lowercase
            localhost:5000/Foo:1                 | invalid reference format: repository name (Foo) must be lowercase
            HEX                                  | invalid repository name (HEX), cannot specify 64-byte hexadecimal strings
            ''                                   | invalid reference format
            nginx:                               | invalid reference format
            :latest                              | invalid reference format
            nginx::1                             | invalid reference format
            -nginx                               | invalid reference format
            nginx-                               | invalid reference format
            a..b                                 | invalid reference format
            a//b                                 | invalid reference format
            /nginx                               | invalid reference format
            nginx/                               | invalid reference format
            nginx:-tag                           | invalid reference format
            nginx:.tag                           | invalid reference format
            nginx:tag with space                 | invalid reference format
            a_b.com/x                            | invalid reference format
            -host.com/x                          | invalid reference format
            nginx@sha256:abc                     | invalid reference format
            nginx@sha256:0123456789abcdef0123456789abcdef | invalid checksum digest length
            nginx@sha256:HEXUPPER                | invalid checksum digest format
            nginx@sha512:HEX                     | unsupported digest algorithm
            nginx@                               | invalid reference format
            """)
    void rejectsLikeDocker(String input, String message) {
        String in = input.replace("HEXUPPER", HEX.toUpperCase()).replace("HEX", HEX);
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> ImageReference.parse(in));
        assertEquals(message.replace("HEX", HEX), e.getMessage());
    }

    @Test
    void tagOfMaximumLengthIsAcceptedAndOneMoreIsNot() {
        String tag = "t".repeat(128);
        assertEquals(tag, ImageReference.parse("a:" + tag).tag().orElseThrow());
        assertThrows(InvalidArgumentException.class, () -> ImageReference.parse("a:" + tag + "x"));
    }

    @Test
    void nameLengthCountsTheNormalisedName() {
        // "docker.io/library/" is 18 characters, so 237 more reach the 255 limit exactly
        String atLimit = "a".repeat(237);
        assertEquals(255, ImageReference.parse(atLimit).repository().length());
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> ImageReference.parse(atLimit + "a"));
        assertEquals("repository name must not be more than 255 characters", e.getMessage());
    }

    @Test
    void familiarNameStripsOnlyTheDefaultRegistry() {
        assertEquals("nginx", ImageReference.parse("nginx:1").familiarName());
        assertEquals("team/app", ImageReference.parse("docker.io/team/app").familiarName());
        assertEquals("localhost:5000/a/b", ImageReference.parse("localhost:5000/a/b").familiarName());
    }

    @Test
    void withTagReplacesTheTagAndValidatesIt() {
        ImageReference ref = ImageReference.parse("nginx:1.25");
        assertEquals("docker.io/library/nginx:stable", ref.withTag("stable").toString());
        assertEquals("nginx:1.25", ref.familiarString(), "immutable");
        assertEquals("invalid tag format",
                assertThrows(InvalidArgumentException.class, () -> ref.withTag("-bad")).getMessage());
    }

    @Test
    void equalityIsByNormalisedForm() {
        assertEquals(ImageReference.parse("nginx"), ImageReference.parse("docker.io/library/nginx:latest"));
        assertEquals(ImageReference.parse("nginx").hashCode(), ImageReference.parse("index.docker.io/nginx").hashCode());
        assertNotEquals(ImageReference.parse("nginx"), ImageReference.parse("nginx:1"));
        assertNotEquals(ImageReference.parse("localhost/nginx"), ImageReference.parse("nginx"));
    }
}
