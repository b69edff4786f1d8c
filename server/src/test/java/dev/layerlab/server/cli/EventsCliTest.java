package dev.layerlab.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.events.Event;
import dev.layerlab.runtime.events.EventFeed;
import dev.layerlab.runtime.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** {@code docker events}: what the engine publishes, in Docker's format, through both CLIs. */
class EventsCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();
    @RegisterExtension
    static final SandboxFixture neighbour = new SandboxFixture();

    private static final String TYPE_ACTION = "{{.Type}} {{.Action}}";

    /** Unix seconds with nanoseconds, as the CLI sends them. */
    private static String now() {
        Instant t = Instant.now();
        return t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }

    private static List<String> lines(String out) {
        return out.isBlank() ? List.of() : Arrays.asList(out.strip().split("\n"));
    }

    @Test
    void user_networks_publish_create_connect_disconnect_destroy_naming_the_network() throws Exception {
        String since = now();
        fx.cli.run("network", "create", "evnet").assertOk();
        fx.cli.run("run", "-d", "--name", "ev-net", "--network", "evnet", "busybox", "sleep", "60").assertOk();
        fx.cli.run("network", "connect", "bridge", "ev-net").assertOk();
        fx.cli.run("network", "disconnect", "bridge", "ev-net").assertOk();
        fx.cli.run("rm", "-f", "ev-net").assertOk();
        fx.cli.run("network", "rm", "evnet").assertOk();
        List<String> seen = lines(fx.cli.run("events", "--since", since, "--until", now(), "--filter", "type=network",
                "--format", "{{.Action}} {{.Actor.Attributes.name}}").assertOk().stdout());
        assertEquals(List.of("create evnet", "connect evnet", "connect bridge", "disconnect bridge", "disconnect evnet",
                "destroy evnet"), seen);
    }

    @Test
    void a_healthcheck_publishes_its_status_changes() throws Exception {
        String since = now();
        fx.cli.run("run", "-d", "--name", "ev-health", "--health-cmd", "true", "--health-interval", "1s",
                "busybox", "sleep", "60").assertOk();
        String status = "";
        for (int i = 0; i < 100 && !status.equals("healthy"); i++) {
            Thread.sleep(100);
            status = fx.cli.run("inspect", "-f", "{{.State.Health.Status}}", "ev-health").assertOk().out();
        }
        assertEquals("healthy", status);
        fx.cli.run("rm", "-f", "ev-health").assertOk();
        List<String> seen = lines(fx.cli.run("events", "--since", since, "--until", now(), "--filter", "event=health_status",
                "--format", "{{.Action}}").assertOk().stdout());
        assertEquals(List.of("health_status: healthy"), seen);
    }

    @Test
    void a_run_with_rm_shows_create_attach_connect_start_die_disconnect_destroy_in_order() throws Exception {
        for (DockerCli cli : List.of(fx.cli, fx.cli.newest())) {
            String since = now();
            cli.run("run", "--rm", "--name", "ev-rm", "--label", "lesson=events", "busybox", "true").assertOk();
            List<String> seen = lines(cli.run("events", "--since", since, "--until", now(), "--format", TYPE_ACTION)
                    .assertOk().stdout());
            assertEquals(List.of("container create", "container attach", "network connect", "container start",
                    "container die", "network disconnect", "container destroy"), seen, cli + "");
        }
        // --since 0: the whole recent history of the sandbox, ending at until
        List<String> all = lines(fx.cli.run("events", "--since", "0", "--until", now(), "--filter", "container=ev-rm",
                "--format", "{{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.image}} {{index .Actor.Attributes \"lesson\"}}")
                .assertOk().stdout());
        assertTrue(all.size() >= 10, all.toString());
        assertEquals("create ev-rm busybox events", all.getFirst());
        assertTrue(all.contains("die ev-rm busybox events"), all.toString());
    }

    @Test
    void the_default_format_and_json_are_dockers() throws Exception {
        String since = now();
        String id = fx.cli.run("create", "--name", "ev-json", "busybox", "true").assertOk().out();
        String until = now();
        String line = fx.cli.run("events", "--since", since, "--until", until, "--format", "{{json .}}").assertOk().out();
        JsonNode e = Json.MAPPER.readTree(line);
        assertEquals("container", e.get("Type").asText());
        assertEquals("create", e.get("Action").asText());
        assertEquals("create", e.get("status").asText());
        assertEquals(id, e.get("id").asText());
        assertEquals("busybox", e.get("from").asText());
        assertEquals(id, e.get("Actor").get("ID").asText());
        assertEquals("ev-json", e.get("Actor").get("Attributes").get("name").asText());
        assertEquals("local", e.get("scope").asText());
        assertEquals(e.get("timeNano").asLong() / 1_000_000_000L, e.get("time").asLong());
        String plain = fx.cli.newest().run("events", "--since", since, "--until", until).assertOk().out();
        assertTrue(plain.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z container create " + id
                + " \\(image=busybox, name=ev-json\\)"), plain);
        fx.cli.run("rm", "ev-json").assertOk();
    }

    @Test
    void filters_choose_by_event_image_volume_and_type() throws Exception {
        String since = now();
        fx.cli.run("volume", "create", "ev-vol").assertOk();
        fx.cli.run("run", "--rm", "-v", "ev-vol:/data", "busybox", "sh", "-c", "exit 3");
        fx.cli.run("volume", "rm", "ev-vol").assertOk();
        fx.cli.run("tag", "busybox", "ev-image:1").assertOk();
        fx.cli.run("rmi", "ev-image:1").assertOk();
        String until = now();
        assertEquals(List.of("die 3"), lines(fx.cli.run("events", "--since", since, "--until", until,
                "--filter", "event=die", "--format", "{{.Action}} {{.Actor.Attributes.exitCode}}").assertOk().stdout()));
        assertEquals(List.of("create local", "mount /data true", "unmount ", "destroy local"),
                lines(fx.cli.newest().run("events", "--since", since, "--until", until, "--filter", "volume=ev-vol",
                        "--format", "{{.Action}} {{or .Actor.Attributes.destination .Actor.Attributes.driver}}"
                                + "{{with index .Actor.Attributes \"read/write\"}} {{.}}{{end}}").assertOk().stdout())
                        .stream().map(s -> s.replace("unmount local", "unmount ")).toList());
        assertEquals(List.of("tag ev-image:1", "untag"), lines(fx.cli.run("events", "--since", since, "--until", until,
                "--filter", "type=image", "--format", "{{.Action}}{{if eq .Action \"tag\"}} {{.Actor.Attributes.name}}{{end}}")
                .assertOk().stdout()));
        assertEquals(List.of(), lines(fx.cli.run("events", "--since", since, "--until", until,
                "--filter", "type=container", "--filter", "event=tag").assertOk().stdout()), "every key must match");
    }

    @Test
    void execs_renames_and_kills_are_published() throws Exception {
        fx.cli.run("run", "-d", "--name", "ev-sleep", "busybox", "sleep", "60").assertOk();
        String since = now();
        assertEquals(4, fx.cli.run("exec", "ev-sleep", "sh", "-c", "exit 4").exitCode());
        fx.cli.run("rename", "ev-sleep", "ev-sleeper").assertOk();
        fx.cli.run("kill", "ev-sleeper").assertOk();
        fx.cli.run("rm", "ev-sleeper").assertOk();
        List<String> seen = lines(fx.cli.run("events", "--since", since, "--until", now(), "--filter", "type=container",
                "--format", "{{.Action}}|{{index .Actor.Attributes \"exitCode\"}}{{index .Actor.Attributes \"oldName\"}}"
                        + "{{index .Actor.Attributes \"signal\"}}")
                .assertOk().stdout());
        assertEquals(List.of("exec_create: sh -c exit 4|", "exec_start: sh -c exit 4|", "exec_die|4", "rename|ev-sleep",
                "kill|9", "die|137", "destroy|"), seen);
        assertEquals(2, lines(fx.cli.run("events", "--since", since, "--until", now(), "--filter", "event=exec_create",
                "--filter", "event=exec_die").assertOk().stdout()).size(), "exec_create matches by prefix, as in dockerd");
    }

    @Test
    void a_live_stream_receives_an_event_soon_after_the_command() throws Exception {
        for (DockerCli cli : List.of(fx.cli, fx.cli.newest())) {
            waitForNoSubscribers();
            Process events = cli.start("events", "--filter", "event=create", "--format", "{{.Actor.Attributes.name}}");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(events.getInputStream(), StandardCharsets.UTF_8))) {
                waitForSubscribers(1);
                long sent = System.nanoTime();
                cli.run("create", "--name", "ev-live", "busybox", "true").assertOk();
                CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (java.io.IOException e) {
                        return e.toString();
                    }
                });
                assertEquals("ev-live", line.get(5, TimeUnit.SECONDS)); // generous for CI; EventsBenchmark measures it
                assertTrue(System.nanoTime() - sent < 5_000_000_000L);
            } finally {
                events.destroy();
                events.waitFor(5, TimeUnit.SECONDS);
                fx.cli.run("rm", "ev-live").assertOk();
            }
        }
    }

    @Test
    void a_client_that_never_reads_neither_blocks_others_nor_grows_and_is_told_why() throws Exception {
        EventFeed feed = fx.space().events();
        waitForNoSubscribers();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(fx.sandbox.apiSocket()));
            ch.write(ByteBuffer.wrap("GET /v1.41/events HTTP/1.1\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
            waitForSubscribers(1);
            // Far more events than the socket's buffers and the queue hold, while the client reads nothing.
            long started = System.nanoTime();
            String padding = "x".repeat(2000);
            for (int i = 0; i < 20_000; i++) {
                feed.publish(Event.CONTAINER, "flood", "f" + i, Map.of("name", "flood", "pad", padding));
            }
            long publishMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(publishMillis < 5000, "publishing 20000 events took " + publishMillis + " ms");
            assertEquals(0, feed.subscribers(), "the stalled client was ended, not kept with a growing queue");
            // Another client's docker run goes on at its usual pace.
            long run = System.nanoTime();
            fx.cli.run("run", "--rm", "busybox", "true").assertOk();
            assertTrue(System.nanoTime() - run < 30_000_000_000L);
            // What the slow client finally reads: the events queued before its end, then why, then no clean end.
            InputStream in = Channels.newInputStream(ch);
            String all = readAll(in);
            assertTrue(all.startsWith("HTTP/1.1 200 "), all.substring(0, Math.min(200, all.length())));
            assertTrue(all.contains("\"Action\":\"error\"") && all.contains("read events too slowly"),
                    all.substring(Math.max(0, all.length() - 600)));
            assertFalse(all.endsWith("0\r\n\r\n"), "the stream is cut short, so the CLI reports an error");
        }
    }

    @Test
    void the_cli_exits_with_the_reason_when_it_falls_behind() throws Exception {
        EventFeed feed = fx.space().events();
        waitForNoSubscribers();
        Process events = fx.cli.start("events", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.error}}");
        try {
            waitForSubscribers(1);
            events.getOutputStream().close();
            // The CLI's stdout is not read meanwhile: its pipe fills and the CLI stops reading the socket.
            String padding = "x".repeat(2000);
            for (int i = 0; i < 20_000 && feed.subscribers() > 0; i++) {
                feed.publish(Event.CONTAINER, "flood", "f" + i, Map.of("name", "flood", "pad", padding));
            }
            assertEquals(0, feed.subscribers());
            String out = readAll(events.getInputStream());
            assertTrue(events.waitFor(10, TimeUnit.SECONDS));
            assertNotEquals(0, events.exitValue(), out.substring(Math.max(0, out.length() - 400)));
            assertTrue(out.contains("daemon error this client read events too slowly"), out.substring(Math.max(0, out.length() - 400)));
        } finally {
            events.destroyForcibly();
        }
    }

    @Test
    void one_sandbox_never_sees_anothers_events() throws Exception {
        String since = now();
        neighbour.cli.run("create", "--name", "ev-neighbour", "busybox", "true").assertOk();
        fx.cli.run("create", "--name", "ev-mine", "busybox", "true").assertOk();
        String until = now();
        assertEquals(List.of("ev-mine"), lines(fx.cli.run("events", "--since", since, "--until", until,
                "--format", "{{.Actor.Attributes.name}}").assertOk().stdout()));
        assertEquals(List.of("ev-neighbour"), lines(neighbour.cli.run("events", "--since", since, "--until", until,
                "--format", "{{.Actor.Attributes.name}}").assertOk().stdout()));
        fx.cli.run("rm", "ev-mine").assertOk();
        neighbour.cli.run("rm", "ev-neighbour").assertOk();
    }

    @Test
    void build_steps_reach_the_feed_but_not_docker_events() throws Exception {
        Path context = Files.createDirectories(fx.data.resolve("ev-build"));
        Files.writeString(context.resolve("Dockerfile"), "FROM busybox\nRUN echo hi > /hi\n");
        String since = now();
        fx.cli.run("build", "-t", "ev-built", context.toString()).assertOk();
        String until = now();
        List<Event> steps = fx.space().events().recent().stream()
                .filter(e -> e.type().equals(Event.BUILD_STEP) && e.timeNano() >= nanos(since)).toList();
        assertEquals(List.of("build-start", "step-start", "step-end", "step-start", "step-end", "build-end"),
                steps.stream().map(Event::action).toList());
        assertEquals("miss", steps.get(4).attributes().get("cache"));
        String shown = fx.cli.run("events", "--since", since, "--until", until, "--format", TYPE_ACTION).assertOk().stdout();
        assertFalse(shown.contains(Event.BUILD_STEP), shown);
        assertTrue(shown.contains("container create") && shown.contains("image tag"), shown);
        fx.cli.run("build", "-t", "ev-built", context.toString()).assertOk();
        Event cached = fx.space().events().recent().reversed().stream()
                .filter(e -> e.action().equals("step-end")).findFirst().orElseThrow();
        assertEquals("hit", cached.attributes().get("cache"));
        fx.cli.run("rmi", "ev-built").assertOk();
    }

    @Test
    void bad_times_are_refused_with_dockers_words() throws Exception {
        CliResult r = fx.cli.run("events", "--since", "20", "--until", "10");
        assertNotEquals(0, r.exitCode());
        assertTrue(r.stderr().contains("`since` time (20) cannot be after `until` time (10)"), r.stderr());
    }

    private static long nanos(String unixSeconds) {
        String[] parts = unixSeconds.split("\\.");
        return Long.parseLong(parts[0]) * 1_000_000_000L + Long.parseLong(parts[1]);
    }

    /**
     * Waits until the sandbox has exactly {@code count} event subscribers: first until those of earlier tests are
     * gone (a killed CLI's stream ends at its next heartbeat), then until the new one has subscribed.
     */
    private static void waitForSubscribers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fx.space().events().subscribers() != count) {
            assertTrue(System.nanoTime() < deadline, "subscribers: " + fx.space().events().subscribers() + ", not " + count);
            Thread.sleep(20);
        }
    }

    private static void waitForNoSubscribers() throws InterruptedException {
        waitForSubscribers(0);
    }

    private static String readAll(InputStream in) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "read failed: " + e;
            }
        }).get(60, TimeUnit.SECONDS);
    }
}
