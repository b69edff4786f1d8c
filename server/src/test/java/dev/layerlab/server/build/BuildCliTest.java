package dev.layerlab.server.build;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code docker build} typed in the sandbox's shell, through the real 20.10 CLI and the legacy builder protocol. */
class BuildCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    /** A script that writes a context directory {@code dir} with a Dockerfile, then runs {@code then} in it. */
    private static String inContext(String dir, String dockerfile, String then) {
        return "mkdir -p " + dir + " && cd " + dir + " && cat > Dockerfile <<'DOCKERFILE'\n" + dockerfile
                + "DOCKERFILE\n" + then;
    }

    private static final String HELLO = """
            FROM busybox
            WORKDIR /app
            COPY greeting.txt .
            RUN wc -c greeting.txt > size.txt
            ENV WHO=learner
            CMD ["sh", "-c", "cat greeting.txt; echo $WHO"]
            """;

    @Test
    void build_prints_the_legacy_builders_steps_and_the_image_runs() throws Exception {
        CliResult r = fx.ok(inContext("/root/hello", HELLO, "echo hello > greeting.txt && docker build -t hello:1 ."));
        String out = r.stdout();
        assertTrue(out.startsWith("Sending build context to Docker daemon"), out);
        assertTrue(out.contains("Step 1/6 : FROM busybox\n ---> "), out);
        assertTrue(out.contains("Step 4/6 : RUN wc -c greeting.txt > size.txt\n ---> Running in "), out);
        assertTrue(out.matches("(?s).*Removing intermediate container [0-9a-f]{12}\n ---> [0-9a-f]{12}\n.*"), out);
        assertTrue(out.matches("(?s).*Successfully built [0-9a-f]{12}\nSuccessfully tagged hello:1\n"), out);
        assertEquals("hello\nlearner", fx.ok("docker run --rm hello:1").stdout().trim());
        assertEquals("6 greeting.txt", fx.ok("docker run --rm hello:1 cat size.txt").stdout().trim());
    }

    @Test
    void a_rebuild_uses_the_cache_and_an_edit_rebuilds_from_the_copy_on() throws Exception {
        fx.ok(inContext("/root/cache", HELLO, "echo v1 > greeting.txt && docker build -t cache:1 ."));
        String again = fx.ok("cd /root/cache && docker build -t cache:1 .").stdout();
        assertEquals(5, count(again, " ---> Using cache"), again);
        assertFalse(again.contains("Running in"), again);

        String edited = fx.ok("cd /root/cache && echo v2 > greeting.txt && docker build -t cache:2 .").stdout();
        assertEquals(1, count(edited, " ---> Using cache"), "only WORKDIR, before the COPY: " + edited);
        assertTrue(edited.contains("Step 3/6 : COPY greeting.txt .\n ---> [0-9a-f]{12}".substring(0, 33)), edited);
        assertEquals("v2\nlearner", fx.ok("docker run --rm cache:2").stdout().trim());
    }

    @Test
    void history_shows_each_step_with_its_image_and_missing_below_the_base() throws Exception {
        fx.ok(inContext("/root/hist", HELLO, "echo hi > greeting.txt && docker build -q -t hist:1 ."));
        List<String> rows = lines(fx.ok("docker history --no-trunc --format '{{.ID}}|{{.CreatedBy}}|{{.Size}}' hist:1").stdout());
        assertTrue(rows.get(0).matches("sha256:[0-9a-f]{64}\\|/bin/sh -c #\\(nop\\)  CMD \\[\"sh\" \"-c\" \"cat greeting.txt; echo \\$WHO\"]\\|0B"),
                rows.get(0));
        assertTrue(rows.get(1).contains("|/bin/sh -c #(nop)  ENV WHO=learner|0B"), rows.get(1));
        assertTrue(rows.get(2).contains("|/bin/sh -c wc -c greeting.txt > size.txt|"), rows.get(2));
        assertTrue(rows.get(3).matches("sha256:[0-9a-f]{64}\\|/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in \\. \\|3B"), rows.get(3));
        assertTrue(rows.get(4).contains("|/bin/sh -c #(nop) WORKDIR /app|"), rows.get(4));
        String busyboxId = fx.ok("docker image inspect -f '{{.Id}}' busybox").stdout().trim();
        assertTrue(rows.get(5).startsWith(busyboxId + "|CMD [sh]|"), "the base image's own top step: " + rows);
        assertTrue(rows.get(6).startsWith("<missing>|"), "below an image not built here, IDs are missing: " + rows);
        assertEquals(7, rows.size(), rows.toString());

        String parent = fx.ok("docker image inspect -f '{{.Parent}}' hist:1").stdout().trim();
        assertEquals(rows.get(1).substring(0, 71), parent);
    }

    @Test
    void images_hides_intermediate_steps_unless_all() throws Exception {
        // Its own WORKDIR, so no step is shared (through the cache) with the other tests' builds.
        fx.ok(inContext("/root/inter", HELLO.replace("/app", "/inter"), "echo x > greeting.txt && docker build -q -t inter:1 ."));
        String plain = fx.ok("docker images --format '{{.Repository}}:{{.Tag}}'").stdout();
        assertFalse(plain.contains("<none>"), plain);
        String all = fx.ok("docker images -a --format '{{.Repository}}:{{.Tag}}'").stdout();
        assertTrue(count(all, "<none>:<none>") >= 4, all);
        String removed = fx.ok("docker rmi inter:1").stdout();
        assertTrue(removed.startsWith("Untagged: inter:1\nDeleted: sha256:"), removed);
        assertEquals(5, count(removed, "Deleted: sha256:"), "the intermediate steps go with it: " + removed);
    }

    @Test
    void a_failing_run_exits_with_its_code_and_tags_nothing() throws Exception {
        CliResult r = fx.shell(inContext("/root/fail", "FROM busybox\nRUN echo working && exit 3\n", "docker build -t fail:1 ."));
        assertEquals(3, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("working\n"), r.stdout());
        assertTrue(r.stderr().contains("The command '/bin/sh -c echo working && exit 3' returned a non-zero code: 3"), r.stderr());
        assertEquals(1, fx.shell("docker image inspect fail:1").exitCode());
    }

    @Test
    void a_dockerfile_syntax_error_is_an_error_response_naming_the_line() throws Exception {
        CliResult r = fx.shell(inContext("/root/syntax", "FROM busybox\nCOPPY a b\n", "docker build -t syntax:1 ."));
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("Error response from daemon: dockerfile parse error line 2: unknown instruction: COPPY"),
                r.stderr());
    }

    @Test
    void a_missing_copy_source_and_a_dockerignored_file_fail_alike() throws Exception {
        CliResult r = fx.shell(inContext("/root/ignored", "FROM busybox\nCOPY secret.txt /\n",
                "echo s > secret.txt && echo secret.txt > .dockerignore && docker build -t ignored:1 ."));
        assertEquals(1, r.exitCode());
        assertTrue(r.stderr().contains("COPY failed: file not found in build context or excluded by .dockerignore: stat secret.txt: file does not exist"),
                r.stderr());
    }

    @Test
    void a_symlink_pointing_outside_the_context_cannot_reach_the_sandbox_files() throws Exception {
        CliResult absolute = fx.shell(inContext("/root/links", "FROM busybox\nCOPY passwd /copied\n",
                "ln -sf /etc/passwd passwd && docker build -t links:1 ."));
        assertEquals(1, absolute.exitCode(), absolute.stdout());
        assertTrue(absolute.stderr().contains("file not found in build context"), absolute.stderr());
        CliResult climbing = fx.shell("cd /root/links && rm passwd && ln -s ../../etc/passwd passwd && docker build -t links:2 .");
        assertEquals(1, climbing.exitCode(), climbing.stdout());
        assertTrue(climbing.stderr().contains("passwd"), climbing.stderr());
        assertEquals(1, fx.shell("docker image inspect links:2").exitCode());
    }

    @Test
    void dockerfile_from_stdin_quiet_and_iidfile() throws Exception {
        String id = fx.ok("mkdir -p /root/stdin && cd /root/stdin && printf 'FROM busybox\\nLABEL via=stdin\\n'"
                + " | docker build -q --iidfile /tmp/iid -t stdin:1 -f - .").stdout().trim();
        assertTrue(id.matches("sha256:[0-9a-f]{64}"), id);
        assertEquals(id, fx.ok("cat /tmp/iid").stdout().trim());
        assertEquals("stdin", fx.ok("docker image inspect -f '{{.Config.Labels.via}}' stdin:1").stdout().trim());
    }

    @Test
    void multi_stage_target_build_args_and_labels() throws Exception {
        String dockerfile = """
                ARG BASE=busybox
                FROM $BASE AS build
                ARG FLAVOUR=plain
                RUN mkdir /out && echo "tool" > /out/tool && echo "app-$FLAVOUR" > /out/app
                FROM busybox
                COPY --from=build /out/app /app
                CMD ["cat", "/app"]
                """;
        fx.ok(inContext("/root/multi", dockerfile,
                "docker build -t multi:1 -t multi:spicy --build-arg FLAVOUR=spicy --label team=blue ."));
        assertEquals(fx.ok("docker image inspect -f '{{.Id}}' multi:1").stdout(),
                fx.ok("docker image inspect -f '{{.Id}}' multi:spicy").stdout(), "both -t names point at the result");
        assertEquals("app-spicy", fx.ok("docker run --rm multi:1").stdout().trim());
        assertEquals(1, fx.shell("docker run --rm multi:1 test -e /out/tool").exitCode(), "build tools stay in the build stage");
        assertEquals("blue", fx.ok("docker image inspect -f '{{.Config.Labels.team}}' multi:1").stdout().trim());
        fx.ok("cd /root/multi && docker build -t multi:build --target build .");
        assertEquals("tool", fx.ok("docker run --rm multi:build cat /out/tool").stdout().trim());
    }

    @Test
    void add_extracts_a_local_archive() throws Exception {
        fx.ok(inContext("/root/add", "FROM busybox\nADD files.tar.gz /opt/\n",
                "mkdir -p src/sub && echo inside > src/sub/f && tar -czf files.tar.gz -C src . && docker build -t add:1 ."));
        assertEquals("inside", fx.ok("docker run --rm add:1 cat /opt/sub/f").stdout().trim());
    }

    @Test
    void add_downloads_a_url_through_the_sandbox_network() throws Exception {
        fx.ok("docker run -d --name web -p 8000:80 busybox sh -c"
                + " 'mkdir /www && echo fetched > /www/f.txt && exec httpd -f -p 80 -h /www'");
        try {
            fx.ok("for i in $(seq 50); do curl -sf localhost:8000/f.txt && break; sleep 0.1; done");
            fx.ok(inContext("/root/url", "FROM busybox\nADD http://127.0.0.1:8000/f.txt /data/\n", "docker build -t url:1 ."));
            assertEquals("fetched 600", fx.ok("docker run --rm url:1 sh -c 'echo $(cat /data/f.txt) $(stat -c %a /data/f.txt)'")
                    .stdout().trim());
            CliResult missing = fx.shell("cd /root/url && printf 'FROM busybox\\nADD http://127.0.0.1:8000/none.txt /\\n'"
                    + " | docker build -t url:2 -f - .");
            assertEquals(1, missing.exitCode());
            assertTrue(missing.stderr().contains("ADD http://127.0.0.1:8000/none.txt: the server answered 404"), missing.stderr());
        } finally {
            fx.shell("docker rm -f web");
        }
    }

    @Test
    void interrupting_a_build_stops_its_run_container() throws Exception {
        CliResult r = fx.shell(inContext("/root/cancel", "FROM busybox\nRUN while true; do echo tick; sleep 0.2; done\n",
                "timeout -s INT 3 docker build -t cancel:1 ."));
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stdout().contains("tick"), r.stdout());
        fx.ok("for i in $(seq 50); do [ -z \"$(docker ps -q)\" ] && exit 0; sleep 0.2; done; docker ps; exit 1");
        assertEquals(1, fx.shell("docker image inspect cancel:1").exitCode());
    }

    @Test
    void buildkit_is_refused_with_a_hint() throws Exception {
        CliResult r = fx.shell(inContext("/root/bk", "FROM busybox\n", "DOCKER_BUILDKIT=1 docker build ."));
        assertNotEquals(0, r.exitCode());
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> !l.isBlank()).toList();
    }
}
