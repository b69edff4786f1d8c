package dev.layerlab.server.cli;

import dev.layerlab.runtime.container.ContainerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local image commands through the real docker CLI, asserting what a learner would read. */
class ImageCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @Test
    void images_lists_the_base_images_with_docker_columns() throws Exception {
        String out = fx.cli.run("images").assertOk().stdout();
        assertTrue(out.matches("(?s)REPOSITORY\\s+TAG\\s+IMAGE ID\\s+CREATED\\s+SIZE\\n.*"), out);
        assertTrue(out.matches("(?s).*\\nbusybox\\s+latest\\s+[0-9a-f]{12}\\s+.*\\s+[0-9.]+MB\\n.*"), out);
        assertTrue(out.matches("(?s).*\\ndebian\\s+bookworm\\s+[0-9a-f]{12}\\s.*"), out);
    }

    @Test
    void image_inspect_formats_fields_and_unknown_images_are_404() throws Exception {
        assertEquals("linux 1", fx.cli.run("image", "inspect", "busybox", "--format", "{{.Os}} {{len .RootFS.Layers}}")
                .assertOk().out());
        String id = fx.cli.run("image", "inspect", "busybox", "--format", "{{.Id}}").assertOk().out();
        assertEquals("overlay2 busybox:latest", fx.cli.run("image", "inspect", id.substring(7, 19),
                "--format", "{{.GraphDriver.Name}} {{index .RepoTags 0}}").assertOk().out());
        CliResult missing = fx.cli.run("image", "inspect", "nope");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.stderr().contains("No such image: nope"), missing.stderr());
    }

    @Test
    void plain_inspect_falls_through_containers_to_images() throws Exception {
        String id = fx.cli.run("inspect", "--format", "{{.Id}} {{.Architecture}}", "debian:12").assertOk().out();
        assertTrue(id.matches("sha256:[0-9a-f]{64} \\w+"), id);
        CliResult none = fx.cli.run("inspect", "nothing-by-that-name");
        assertEquals(1, none.exitCode());
        assertTrue(none.stderr().contains("No such object: nothing-by-that-name"), none.stderr());
    }

    @Test
    void tag_then_list_by_name_then_rmi_untags() throws Exception {
        fx.cli.run("tag", "busybox", "mybox:1").assertOk();
        String listed = fx.cli.run("images", "mybox").assertOk().stdout();
        assertTrue(listed.matches("(?s).*\\nmybox\\s+1\\s+[0-9a-f]{12}.*"), listed);
        assertFalse(listed.contains("busybox"), listed);
        assertEquals("Untagged: mybox:1", fx.cli.run("rmi", "mybox:1").assertOk().out());
        assertEquals("", fx.cli.run("images", "-q", "mybox").assertOk().out());
        assertTrue(fx.cli.run("images", "-q", "busybox").assertOk().out().matches("[0-9a-f]{12}"));
    }

    @Test
    void tag_refuses_digest_references_and_bad_names() throws Exception {
        CliResult digest = fx.cli.run("tag", "busybox", "a@sha256:" + "a".repeat(64));
        assertNotEquals(0, digest.exitCode());
        assertTrue(digest.stderr().contains("refusing to create a tag with a digest reference"), digest.stderr());
        CliResult upper = fx.cli.run("tag", "busybox", "Upper");
        assertNotEquals(0, upper.exitCode());
        assertTrue(upper.stderr().contains("must be lowercase"), upper.stderr());
    }

    @Test
    void rmi_of_an_image_a_container_uses_is_refused() throws Exception {
        // A committed image has exactly one name, so removing it would delete the image.
        var base = fx.space().containers().create("solo-base", ContainerConfig.builder("busybox").cmd("true").build());
        fx.space().commit(base.id(), "solo:1", "", "", d -> d);
        var user = fx.space().containers().create("solo-user", ContainerConfig.builder("solo:1").cmd("true").build());
        try {
            CliResult r = fx.cli.run("rmi", "solo:1");
            assertEquals(1, r.exitCode());
            assertTrue(r.stderr().contains("conflict: unable to remove repository reference \"solo:1\" (must force) - container "
                    + user.id().substring(0, 12) + " is using its referenced image"), r.stderr());
            assertTrue(fx.cli.run("images", "-q", "solo").assertOk().out().matches("[0-9a-f]{12}"));
        } finally {
            fx.space().containers().remove(user.id(), true);
            fx.space().containers().remove(base.id(), true);
        }
        assertTrue(fx.cli.run("rmi", "solo:1").assertOk().out().startsWith("Untagged: solo:1\nDeleted: sha256:"));
    }

    @Test
    void history_is_newest_first_with_the_image_id_on_top() throws Exception {
        String[] lines = fx.cli.run("history", "busybox").assertOk().out().split("\n");
        assertTrue(lines[0].replaceAll("\\s+", " ").startsWith("IMAGE CREATED CREATED BY SIZE COMMENT"), lines[0]);
        assertTrue(lines[1].matches("[0-9a-f]{12}\\s+.*CMD \\[sh\\]\\s+0B.*"), lines[1]);
        assertTrue(lines[lines.length - 1].matches("<missing>\\s+.*[0-9.]+MB.*"), lines[lines.length - 1]);
    }

    @Test
    void image_prune_removes_dangling_images_only() throws Exception {
        String before = fx.cli.run("images", "-q").assertOk().out();
        CliResult r = fx.cli.run("image", "prune", "-f").assertOk();
        assertTrue(r.out().endsWith("Total reclaimed space: 0B"), r.out());
        assertEquals(before, fx.cli.run("images", "-q").assertOk().out());
    }

    @Test
    void pull_of_a_local_image_is_up_to_date_and_others_fail_clearly() throws Exception {
        String ok = fx.cli.run("pull", "busybox").assertOk().stdout();
        assertTrue(ok.contains("Status: Image is up to date for busybox:latest"), ok);
        CliResult alpine = fx.cli.run("pull", "alpine");
        assertEquals(1, alpine.exitCode());
        assertTrue(alpine.stderr().contains("pull of alpine:latest is not available in this playground yet"), alpine.stderr());
        CliResult run = fx.cli.run("run", "alpine");
        assertEquals(125, run.exitCode());
        assertTrue(run.stderr().contains("Unable to find image 'alpine:latest' locally"), run.stderr());
        assertTrue(run.stderr().matches("(?s).*images here: [^\\n]*busybox[^\\n]*debian.*"), run.stderr());
    }

    @Test
    void a_push_without_login_or_of_an_official_image_is_denied_as_docker_hub_denies_it() throws Exception {
        CliResult push = fx.cli.run("push", "busybox");
        assertEquals(1, push.exitCode());
        assertTrue(push.stdout().contains("The push refers to repository [docker.io/library/busybox]"), push.stdout());
        assertTrue(push.stderr().contains("denied: requested access to the resource is denied"), push.stderr());
        CliResult elsewhere = fx.cli.run("push", "localhost:5000/busybox");
        assertEquals(1, elsewhere.exitCode());
        assertTrue(elsewhere.stderr().contains("No such image"), elsewhere.stderr());
    }

    @Test
    void save_rmi_load_round_trip() throws Exception {
        fx.cli.run("tag", "busybox", "roundtrip:1").assertOk();
        Path tar = Files.createTempFile("layerlab-save-", ".tar");
        try {
            fx.cli.run("save", "roundtrip:1", "-o", tar.toString()).assertOk();
            assertTrue(Files.size(tar) > 100_000, "saved " + Files.size(tar) + " bytes");
            fx.cli.run("rmi", "roundtrip:1").assertOk();
            assertEquals("", fx.cli.run("images", "-q", "roundtrip").assertOk().out());
            assertEquals("Loaded image: roundtrip:1", fx.cli.run("load", "-i", tar.toString()).assertOk().out());
            assertEquals(fx.cli.run("images", "-q", "busybox").out(), fx.cli.run("images", "-q", "roundtrip").out());
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    @Test
    void save_and_load_inside_the_sandbox_shell() throws Exception {
        CliResult r = fx.shell("set -e; docker tag debian:12 inner:1; docker save inner:1 > /tmp/i.tar; "
                + "docker rmi inner:1; docker load < /tmp/i.tar; docker images --format '{{.Repository}}:{{.Tag}}' inner");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stdout().endsWith("Loaded image: inner:1\ninner:1\n"), r.stdout());
    }
}
