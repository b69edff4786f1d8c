package dev.layerlab.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code docker info}, {@code system df}, networks, events and the out-of-scope answers. */
class SystemCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    /** What every sandbox starts with: busybox, debian and the playground's images. */
    static final int IMAGES = 2 + dev.layerlab.runtime.sandbox.PlaygroundImages.ALL.size();

    @Test
    void info_prints_a_full_report() throws Exception {
        String out = fx.cli.run("info").assertOk().stdout();
        for (String line : new String[]{" Storage Driver: overlay2", " Operating System: layerlab (Debian sandbox)",
                " Name: lab", " Docker Root Dir: /var/lib/docker", " Swarm: inactive", " Default Runtime: runc",
                " Images: " + IMAGES}) {
            assertTrue(out.contains(line + "\n"), "missing '" + line + "' in\n" + out);
        }
        assertEquals("20.10.24-layerlab " + IMAGES, fx.cli.run("info", "--format", "{{.ServerVersion}} {{.Images}}").assertOk().out());
    }

    @Test
    void system_df_prints_its_table() throws Exception {
        String out = fx.cli.run("system", "df").assertOk().stdout();
        assertTrue(out.startsWith("TYPE            TOTAL     ACTIVE    SIZE"), out);
        assertTrue(out.matches("(?s).*\\nImages\\s+" + IMAGES + "\\s+0\\s+[0-9.]+[MG]B\\s.*"), out);
        assertTrue(out.contains("\nLocal Volumes   0 "), out);
    }

    @Test
    void container_prune_says_how_much_it_reclaimed() throws Exception {
        fx.cli.run("run", "--name", "prune-me", "busybox", "dd", "if=/dev/zero", "of=/filler", "bs=1M", "count=3").assertOk();
        String out = fx.cli.run("container", "prune", "-f").assertOk().stdout();
        assertTrue(out.contains("Deleted Containers:\n") && out.matches("(?s).*Total reclaimed space: 3\\.[0-9]+MB\n"), out);
    }

    @Test
    void network_ls_shows_the_bridge_and_inspect_knows_it() throws Exception {
        String ls = fx.cli.run("network", "ls").assertOk().stdout();
        assertTrue(ls.matches("NETWORK ID\\s+NAME\\s+DRIVER\\s+SCOPE\\n[0-9a-f]{12}\\s+bridge\\s+bridge\\s+local\\n"
                + "[0-9a-f]{12}\\s+host\\s+host\\s+local\\n[0-9a-f]{12}\\s+none\\s+null\\s+local\\n"), ls);
        assertEquals("bridge", fx.cli.run("network", "inspect", "bridge", "--format", "{{.Driver}}").assertOk().out());
        CliResult none = fx.cli.run("network", "inspect", "other");
        assertEquals(1, none.exitCode());
        assertTrue(none.stderr().contains("No such network: other"), none.stderr());
    }

    @Test
    void unsupported_commands_point_at_the_scope() throws Exception {
        for (String[] args : new String[][]{{"swarm", "init"}, {"search", "nginx"}}) {
            CliResult r = fx.cli.run(args);
            assertNotEquals(0, r.exitCode());
            assertTrue(r.stderr().contains("is not supported in this playground (see SCOPE.md)"), r.stderr());
        }
        CliResult login = fx.cli.runWithInput("secret\n", "login", "-u", "me", "--password-stdin");
        assertNotEquals(0, login.exitCode());
        assertTrue(login.stderr().contains("incorrect username or password"), login.stderr());
        CliResult elsewhere = fx.cli.runWithInput("secret\n", "login", "-u", "me", "--password-stdin", "quay.io");
        assertNotEquals(0, elsewhere.exitCode());
        assertTrue(elsewhere.stderr().contains("logging in to quay.io is not available in this playground yet"), elsewhere.stderr());
    }

    @Test
    void events_stay_open_until_the_deadline() throws Exception {
        long start = System.nanoTime();
        // A relative "2s" would mean two seconds ago; the CLI passes an absolute time through.
        fx.cli.run("events", "--until", Long.toString(java.time.Instant.now().getEpochSecond() + 2)).assertOk();
        assertTrue(System.nanoTime() - start > 1_000_000_000L, "events returned at once");
    }

    @Test
    void malformed_requests_get_json_errors() throws Exception {
        String badJson = raw("POST /v1.41/volumes/create HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                + "Content-Length: 8\r\n\r\n{\"Name\":");
        assertTrue(badJson.startsWith("HTTP/1.1 400 "), badJson);
        assertTrue(badJson.contains("Content-Type: application/json\r\n"), badJson);
        assertTrue(badJson.contains("{\"message\":\"invalid JSON"), badJson);

        String badFilter = raw("GET /v1.41/images/json?filters=%7Bnope HTTP/1.1\r\nHost: docker\r\n\r\n");
        assertTrue(badFilter.startsWith("HTTP/1.1 400 "), badFilter);
        assertTrue(badFilter.contains("invalid filter"), badFilter);

        String unsupported = raw("POST /v1.41/services/create HTTP/1.1\r\nHost: docker\r\nContent-Length: 0\r\n\r\n");
        assertTrue(unsupported.startsWith("HTTP/1.1 501 "), unsupported);
        assertTrue(unsupported.contains("{\"message\":\"swarm services is not supported in this playground (see SCOPE.md)\"}"),
                unsupported);
    }

    /** One request on a fresh connection; reads the head and a Content-Length body, not to EOF. */
    private static String raw(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(fx.sandbox.apiSocket()));
            ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            InputStream in = Channels.newInputStream(ch);
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            Matcher m = Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }
}
