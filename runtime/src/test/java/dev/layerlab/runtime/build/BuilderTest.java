package dev.layerlab.runtime.build;

import dev.layerlab.runtime.image.History;
import dev.layerlab.runtime.image.Image;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The builder on a real engine (runc, overlayfs) with busybox: layers, history, cache, stages, failures. */
class BuilderTest {
    static BuildFixture fx;

    @BeforeAll
    static void open() throws Exception {
        fx = new BuildFixture();
    }

    @AfterAll
    static void close() throws Exception {
        fx.close();
    }

    private static final String APP = """
            FROM busybox
            WORKDIR /app
            COPY hello.txt .
            RUN cat hello.txt > copy.txt && echo built
            ENV GREETING=hi
            CMD ["cat", "copy.txt"]
            """;

    @Test
    void a_build_makes_one_layer_per_file_step_and_history_like_docker() throws Exception {
        Path ctx = fx.context("app", Map.of("Dockerfile", APP, "hello.txt", "hello layers\n"));
        BuildFixture.Result r = fx.build(ctx, BuildRequest.tagged("app:1"));

        assertTrue(r.output().contains("Step 1/6 : FROM busybox\n"), r.output());
        assertTrue(r.output().contains("Step 4/6 : RUN cat hello.txt > copy.txt && echo built\n ---> Running in "), r.output());
        assertTrue(r.output().contains("\nbuilt\n"), "RUN's own output is streamed: " + r.output());
        assertTrue(r.output().contains("Removing intermediate container "), r.output());
        assertTrue(r.output().contains("Successfully built " + r.image().id().shortId() + "\n"), r.output());
        assertTrue(r.output().endsWith("Successfully tagged app:1\n"), r.output());

        Image busybox = fx.space.images().resolve("busybox");
        assertEquals(busybox.layers().size() + 3, r.image().layers().size(), "WORKDIR (new dir), COPY and RUN add layers");
        List<History> added = r.image().config().history().subList(busybox.config().history().size(),
                r.image().config().history().size());
        assertEquals(List.of(
                "/bin/sh -c #(nop) WORKDIR /app",
                "/bin/sh -c #(nop) COPY file:*",
                "/bin/sh -c cat hello.txt > copy.txt && echo built",
                "/bin/sh -c #(nop)  ENV GREETING=hi",
                "/bin/sh -c #(nop)  CMD [\"cat\" \"copy.txt\"]"),
                added.stream().map(h -> h.createdBy().replaceAll("file:[0-9a-f]{64} in \\. $", "file:*")).toList());
        assertEquals(List.of(true, true, true, false, false), added.stream().map(History::producesLayer).toList());
        assertEquals("hello layers\n", fx.run("app:1"));
        assertEquals("hi\n", fx.run("app:1", "sh", "-c", "echo $GREETING"));
        assertEquals("/app\n", fx.run("app:1", "pwd"));
        assertTrue(fx.space.images().parentOf(r.image().id()).isPresent(), "each step's image has its parent");
    }

    @Test
    void an_unchanged_rebuild_comes_from_cache_and_an_edited_file_misses_from_its_copy_on() throws Exception {
        Path ctx = fx.context("cache", Map.of("Dockerfile", APP, "hello.txt", "v1\n"));
        BuildFixture.Result first = fx.build(ctx, BuildRequest.tagged("cache:1"));
        BuildFixture.Result again = fx.build(ctx, BuildRequest.tagged("cache:1"));
        assertEquals(first.image().id(), again.image().id());
        assertEquals(5, again.output().split(" ---> Using cache\n", -1).length - 1, again.output());
        assertFalse(again.output().contains("Running in"), again.output());

        Files.writeString(ctx.resolve("hello.txt"), "v2\n");
        BuildFixture.Result edited = fx.build(ctx, BuildRequest.tagged("cache:2"));
        List<CacheVerdict> verdicts = edited.record().steps().stream().map(BuildRecord.Step::verdict).toList();
        assertEquals(List.of(CacheVerdict.BASE_IMAGE, CacheVerdict.HIT, CacheVerdict.FILES_CHANGED,
                CacheVerdict.EARLIER_STEP_REBUILT, CacheVerdict.EARLIER_STEP_REBUILT, CacheVerdict.EARLIER_STEP_REBUILT),
                verdicts);
        assertEquals("v2\n", fx.run("cache:2"));

        BuildFixture.Result noCache = fx.build(ctx, BuildRequest.tagged("cache:3").withNoCache(true));
        assertFalse(noCache.output().contains("Using cache"), noCache.output());
        assertNotEquals(edited.image().id(), noCache.image().id());
    }

    @Test
    void the_cache_survives_a_restart() throws Exception {
        Path ctx = fx.context("restart", Map.of("Dockerfile", "FROM busybox\nRUN echo once > /f\n"));
        BuildFixture.Result first = fx.build(ctx, BuildRequest.tagged("restart:1"));
        fx.restart();
        BuildFixture.Result again = fx.build(ctx, BuildRequest.tagged("restart:1"));
        assertTrue(again.output().contains(" ---> Using cache\n"), again.output());
        assertEquals(first.image().id(), again.image().id());
    }

    @Test
    void a_failing_run_reports_its_exit_code_and_output_and_tags_nothing() throws Exception {
        Path ctx = fx.context("fail", Map.of("Dockerfile", "FROM busybox\nRUN echo about to fail && exit 3\n"));
        BuildFixture.Failed f = assertThrows(BuildFixture.Failed.class, () -> fx.build(ctx, BuildRequest.tagged("fail:1")));
        assertEquals(3, f.cause.code());
        assertEquals("The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3", f.cause.getMessage());
        assertTrue(f.output.contains("about to fail\n"), f.output);
        assertThrows(dev.layerlab.runtime.error.NotFoundException.class, () -> fx.space.images().resolve("fail:1"));
        assertEquals("The command '/bin/sh -c echo about to fail && exit 3' returned a non-zero code: 3",
                fx.space.builds().list().getFirst().error());
    }

    @Test
    void a_multi_stage_build_copies_only_the_artifact() throws Exception {
        Path ctx = fx.context("multi", Map.of("Dockerfile", """
                FROM busybox AS build
                RUN mkdir /tools && echo compiler > /tools/cc && echo 'echo app runs' > /app.sh
                FROM busybox
                COPY --from=build /app.sh /usr/local/bin/app.sh
                CMD ["sh", "/usr/local/bin/app.sh"]
                """));
        BuildFixture.Result r = fx.build(ctx, BuildRequest.tagged("multi:1"));
        assertEquals("app runs\n", fx.run("multi:1"));
        assertEquals("absent\n", fx.run("multi:1", "sh", "-c", "test -e /tools/cc && echo present || echo absent"));
        BuildFixture.Result target = fx.build(ctx, BuildRequest.tagged("multi:build").withTarget("build"));
        assertEquals("compiler\n", fx.run("multi:build", "cat", "/tools/cc"));
        assertTrue(target.output().contains("Step 2/2 :"), "--target stops after the stage: " + target.output());
        assertNotEquals(r.image().id(), target.image().id());
    }

    @Test
    void build_args_have_defaults_can_be_overridden_and_env_wins() throws Exception {
        Path ctx = fx.context("args", Map.of("Dockerfile", """
                ARG BASE=busybox
                FROM $BASE
                ARG my_ver=1.0
                ENV shown=${my_ver}
                RUN echo "arg=$my_ver" > /arg.txt
                """));
        BuildFixture.Result dflt = fx.build(ctx, BuildRequest.tagged("args:1"));
        assertEquals("arg=1.0\n", fx.run("args:1", "cat", "/arg.txt"));
        assertEquals("1.0\n", fx.run("args:1", "sh", "-c", "echo $shown"));
        assertEquals("\n", fx.run("args:1", "sh", "-c", "echo $my_ver"), "an ARG is not in the container's env");

        BuildFixture.Result given = fx.build(ctx, BuildRequest.tagged("args:2")
                .withBuildArgs(Map.of("my_ver", "2.0", "unused", "x")));
        assertEquals("arg=2.0\n", fx.run("args:2", "cat", "/arg.txt"));
        assertTrue(given.output().contains("[Warning] One or more build-args [unused] were not consumed"), given.output());
        String runStep = given.image().config().history().getLast().createdBy();
        assertEquals("|1 my_ver=2.0 /bin/sh -c echo \"arg=$my_ver\" > /arg.txt", runStep);
        assertNotEquals(dflt.image().id(), given.image().id());
    }

    @Test
    void a_run_that_changes_nothing_adds_no_layer() throws Exception {
        Path ctx = fx.context("nochange", Map.of("Dockerfile", "FROM busybox\nRUN true\n"));
        BuildFixture.Result r = fx.build(ctx, BuildRequest.tagged("nochange:1"));
        Image busybox = fx.space.images().resolve("busybox");
        assertEquals(busybox.layers().size(), r.image().layers().size(),
                "mount points runc creates (/etc/hosts, /proc...) must not become a layer");
        assertFalse(r.image().config().history().getLast().producesLayer());
    }

    @Test
    void a_missing_copy_source_fails_with_dockers_message() {
        Path ctx = assertDoesNotThrow(() -> fx.context("missing", Map.of("Dockerfile", "FROM busybox\nCOPY nope.txt /\n")));
        RuntimeException e = assertThrows(RuntimeException.class, () -> fx.build(ctx, BuildRequest.tagged("missing:1")));
        assertTrue(e.getMessage().contains("COPY failed: file not found in build context or excluded by .dockerignore: stat nope.txt: file does not exist"),
                e.getMessage());
    }

    @Test
    void removing_a_built_image_removes_its_intermediate_steps() throws Exception {
        Path ctx = fx.context("rmi", Map.of("Dockerfile", "FROM busybox\nRUN echo a > /a\nENV X=1\nCMD [\"true\"]\n"));
        BuildFixture.Result r = fx.build(ctx, BuildRequest.tagged("rmi:1"));
        int before = fx.space.images().list().size();
        var result = fx.space.removeImage("rmi:1", false);
        assertEquals(List.of("rmi:1"), result.untagged());
        assertEquals(3, result.deleted().size(), "the image and its two intermediate steps: " + result);
        assertEquals(r.image().id(), result.deleted().getFirst());
        assertEquals(before - 3, fx.space.images().list().size());
    }

    @Test
    void add_of_a_url_without_a_network_says_so() throws Exception {
        Path ctx = fx.context("nonet", Map.of("Dockerfile", "FROM busybox\nADD http://example.com/file.txt /\n"));
        BuildFixture.Failed f = assertThrows(BuildFixture.Failed.class, () -> fx.build(ctx, BuildRequest.tagged("nonet:1")));
        assertEquals("ADD http://example.com/file.txt: this build has no network to download it from", f.cause.getMessage());
    }

    @Test
    void metadata_instructions_set_the_image_config() throws Exception {
        Path ctx = fx.context("meta", Map.of("Dockerfile", """
                FROM busybox
                LABEL maintainer="someone@example.com" tier=web
                EXPOSE 80 443/tcp
                VOLUME ["/data"]
                STOPSIGNAL SIGQUIT
                HEALTHCHECK --interval=5s --retries=2 CMD wget -q -O- localhost || exit 1
                SHELL ["/bin/sh", "-ec"]
                ENTRYPOINT ["echo"]
                USER nobody
                """));
        BuildFixture.Result r = fx.build(ctx, BuildRequest.tagged("meta:1"));
        var cfg = r.image().config().config();
        assertEquals(Map.of("maintainer", "someone@example.com", "tier", "web"), cfg.labels());
        assertEquals(java.util.Set.of("80/tcp", "443/tcp"), cfg.exposedPorts());
        assertEquals(java.util.Set.of("/data"), cfg.volumes());
        assertEquals("SIGQUIT", cfg.stopSignal());
        assertEquals(5_000_000_000L, cfg.healthcheck().get("Interval").asLong());
        assertEquals(List.of("/bin/sh", "-ec"), cfg.shell());
        assertEquals(List.of("echo"), cfg.entrypoint());
        assertNull(cfg.cmd(), "an ENTRYPOINT resets the base image's CMD");
        assertEquals("nobody", cfg.user());
        assertEquals("hello\n", fx.run("meta:1", "hello"));
    }

    @Test
    void onbuild_triggers_run_in_the_child_build_only() throws Exception {
        Path parent = fx.context("onbuild-parent", Map.of("Dockerfile",
                "FROM busybox\nONBUILD COPY marker.txt /marker.txt\nONBUILD RUN echo triggered > /triggered\n"));
        fx.build(parent, BuildRequest.tagged("onbuild-base:1"));
        assertEquals(List.of("COPY marker.txt /marker.txt", "RUN echo triggered > /triggered"),
                fx.space.images().resolve("onbuild-base:1").config().config().onBuild());
        Path child = fx.context("onbuild-child", Map.of("Dockerfile", "FROM onbuild-base:1\nCMD [\"cat\", \"/marker.txt\"]\n",
                "marker.txt", "from the child context\n"));
        BuildFixture.Result r = fx.build(child, BuildRequest.tagged("onbuild-child:1"));
        assertTrue(r.output().contains("# Executing 2 build triggers\n"), r.output());
        assertEquals("from the child context\n", fx.run("onbuild-child:1"));
        assertEquals("triggered\n", fx.run("onbuild-child:1", "cat", "/triggered"));
        assertNull(r.image().config().config().onBuild(), "triggers are not inherited further");
    }

    @Test
    void heredocs_chown_and_chmod() throws Exception {
        Path ctx = fx.context("heredoc", Map.of("Dockerfile", """
                FROM busybox
                RUN <<EOF
                echo first > /one
                echo second >> /one
                EOF
                COPY <<EOF /etc/greeting
                hello from a heredoc
                EOF
                COPY --chown=1000:1000 --chmod=750 app.sh /app/app.sh
                """, "app.sh", "echo app\n"));
        fx.build(ctx, BuildRequest.tagged("heredoc:1"));
        assertEquals("first\nsecond\n", fx.run("heredoc:1", "cat", "/one"));
        assertEquals("hello from a heredoc\n", fx.run("heredoc:1", "cat", "/etc/greeting"));
        assertEquals("1000:1000 750\n", fx.run("heredoc:1", "stat", "-c", "%u:%g %a", "/app/app.sh"));
    }

    @Test
    void a_dockerfile_error_names_the_line_and_leaves_nothing() throws Exception {
        Path ctx = fx.context("bad", Map.of("Dockerfile", "FROM busybox\nRUN true\nFROBNICATE now\n"));
        int images = fx.space.images().list().size();
        RuntimeException e = assertThrows(RuntimeException.class, () -> fx.build(ctx, BuildRequest.tagged("bad:1")));
        assertEquals("dockerfile parse error line 3: unknown instruction: FROBNICATE", e.getMessage());
        assertEquals(images, fx.space.images().list().size());
        assertEquals(0, fx.space.containers().list().size());
    }

    @Test
    void a_heredoc_name_cannot_be_a_path_on_the_server() throws Exception {
        Path outside = fx.data.resolve("heredoc-escape");
        Path ctx = fx.context("heredoc-path", Map.of("Dockerfile",
                "FROM busybox\nCOPY <<" + outside + " /x\nowned\n" + outside + "\n"));
        BuildFixture.Failed f = assertThrows(BuildFixture.Failed.class, () -> fx.build(ctx, BuildRequest.tagged("hd:1")));
        assertTrue(f.cause.getMessage().contains("needs a plain name"), f.cause.getMessage());
        assertFalse(Files.exists(outside), "nothing was written outside the build's own directory");
        Path relative = fx.context("heredoc-rel", Map.of("Dockerfile", "FROM busybox\nCOPY <<../../../escape /x\nowned\n../../../escape\n"));
        assertThrows(BuildFixture.Failed.class, () -> fx.build(relative, BuildRequest.tagged("hd:2")));
    }
}
