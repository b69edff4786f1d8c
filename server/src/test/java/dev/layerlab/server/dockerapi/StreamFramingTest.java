package dev.layerlab.server.dockerapi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * How streamed answers are framed on the wire, byte for byte as dockerd frames them, where SDKs
 * (docker-py) parse them: JSON progress lines one message and its newline per chunk, in-band load
 * errors, and exec output framed by the TTY flag of exec start.
 */
class StreamFramingTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static RawClient client() throws IOException {
        return RawClient.connect(fx.sandbox.apiSocket());
    }

    /** The chunks of a chunked body, each as sent. */
    private static List<String> chunks(RawClient c) throws IOException {
        List<String> chunks = new ArrayList<>();
        byte[] chunk;
        while ((chunk = c.readChunk()) != null) {
            chunks.add(new String(chunk, StandardCharsets.UTF_8));
        }
        return chunks;
    }

    /** Every chunk is one JSON message with its newline (or whitespace only), and the body ends with a message. */
    private static List<JsonNode> assertOneMessagePerChunk(List<String> chunks) throws IOException {
        List<JsonNode> messages = new ArrayList<>();
        assertFalse(chunks.isEmpty());
        for (String chunk : chunks) {
            assertTrue(chunk.endsWith("\n"), "chunk without its newline: " + chunks);
            if (chunk.isBlank()) {
                continue;
            }
            assertEquals(1, chunk.strip().lines().count(), "one message per chunk: " + chunks);
            messages.add(ApiJson.MAPPER.readTree(chunk));
        }
        assertFalse(chunks.get(chunks.size() - 1).isBlank(), "the body ends with whitespace: " + chunks);
        return messages;
    }

    private static byte[] request(String method, String target, String contentType, byte[] body) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: docker\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + body.length + "\r\n\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    @Test
    void load_progress_sends_each_message_with_its_newline_in_one_chunk() throws Exception {
        fx.cli.run("tag", "busybox", "framing:1").assertOk();
        Path tar = fx.data.resolve("framing.tar");
        fx.cli.run("save", "framing:1", "-o", tar.toString()).assertOk();
        fx.cli.run("rmi", "framing:1").assertOk();
        try (RawClient c = client()) {
            c.send(request("POST", "/v1.41/images/load?quiet=0", "application/x-tar", Files.readAllBytes(tar)));
            RawClient.Response head = c.readHead();
            assertEquals(200, head.status());
            List<JsonNode> messages = assertOneMessagePerChunk(chunks(c));
            assertEquals("Loaded image: framing:1\n", messages.get(messages.size() - 1).path("stream").asText());
        }
    }

    private static byte[] context(String dockerfile) throws IOException {
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(context)) {
            byte[] bytes = dockerfile.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry("Dockerfile");
            e.setSize(bytes.length);
            tar.putArchiveEntry(e);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return context.toByteArray();
    }

    @Test
    void build_output_sends_each_message_with_its_newline_in_one_chunk() throws Exception {
        try (RawClient c = client()) {
            c.send(request("POST", "/v1.41/build?t=framing-build:1&rm=1", "application/x-tar",
                    context("FROM busybox\nRUN echo built-$((40+2))\nLABEL a=b\n")));
            assertEquals(200, c.readHead().status());
            List<JsonNode> messages = assertOneMessagePerChunk(chunks(c));
            assertTrue(messages.stream().anyMatch(m -> m.path("stream").asText().contains("built-42")), messages.toString());
            assertTrue(messages.get(messages.size() - 1).path("stream").asText().startsWith("Successfully tagged"),
                    messages.toString());
        } finally {
            fx.cli.run("rmi", "framing-build:1");
        }
    }

    /** What docker-py's test_build_stderr_data expects, as dockerd's legacy builder sends it. */
    @Test
    void what_a_run_writes_to_stderr_is_sent_in_red() throws Exception {
        try (RawClient c = client()) {
            c.send(request("POST", "/v1.41/build?nocache=1&rm=1", "application/x-tar",
                    context("FROM busybox\nRUN sh -c \">&2 echo Ancient Temple\"\n")));
            assertEquals(200, c.readHead().status());
            List<JsonNode> messages = assertOneMessagePerChunk(chunks(c));
            assertTrue(messages.stream().anyMatch(m -> m.path("stream").asText().equals("\u001b[91mAncient Temple\n\u001b[0m")),
                    messages.toString());
        }
    }

    @Test
    void a_load_of_a_garbage_file_answers_200_with_the_error_in_the_stream() throws Exception {
        byte[] garbage = "this is not a tar archive\n".repeat(100).getBytes(StandardCharsets.US_ASCII);
        try (RawClient c = client()) {
            c.send(request("POST", "/v1.41/images/load?quiet=1", "application/x-tar", garbage));
            RawClient.Response head = c.readHead();
            assertEquals(200, head.status());
            assertEquals("application/json", head.header("content-type"));
            List<JsonNode> messages = assertOneMessagePerChunk(chunks(c));
            assertEquals(1, messages.size(), messages.toString());
            JsonNode error = messages.get(0);
            assertFalse(error.path("error").asText().isEmpty(), error.toString());
            assertEquals(error.path("error").asText(), error.path("errorDetail").path("message").asText());
        }
        // The CLIs print an in-band error as the bare message, not "Error response from daemon".
        Path file = fx.data.resolve("garbage.tar");
        Files.write(file, garbage);
        for (Path binary : List.of(DockerCli.BINARY, DockerCli.NEWEST)) {
            CliResult r = fx.cli.using(binary).run("load", "-i", file.toString());
            assertEquals(1, r.exitCode(), binary + ": " + r.out() + r.stderr());
            assertTrue(r.stderr().startsWith("invalid archive: not a tar file"), binary + ": " + r.stderr());
        }
    }

    /** Starts exec {@code id} with {@code startTty}; returns the hijack's head and everything until the server closes. */
    private static RawClient.Response startExec(String execId, boolean startTty) throws IOException {
        try (RawClient c = client()) {
            String body = "{\"Detach\":false,\"Tty\":" + startTty + "}";
            c.send("POST /v1.44/exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\n"
                    + "Upgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            RawClient.Response head = c.readHead();
            assertEquals(101, head.status());
            return new RawClient.Response(head.status(), head.statusLine(), head.headers(), c.readToEnd());
        }
    }

    private static String createExec(String container, boolean tty) throws IOException {
        try (RawClient c = client()) {
            String body = "{\"AttachStdout\":true,\"AttachStderr\":true,\"Tty\":" + tty
                    + ",\"Cmd\":[\"echo\",\"framed\"]}";
            c.send(request("POST", "/v1.44/containers/" + container + "/exec", "application/json",
                    body.getBytes(StandardCharsets.UTF_8)));
            RawClient.Response r = c.read();
            assertEquals(201, r.status(), r.text());
            return r.json().path("Id").asText();
        }
    }

    @Test
    void exec_output_is_framed_by_the_tty_flag_of_exec_start() throws Exception {
        fx.cli.run("run", "-d", "--name", "framing-exec", "busybox", "sleep", "300").assertOk();
        try {
            // Created with a TTY, started without: multiplexed, one stdout frame (the pty turns \n into \r\n).
            RawClient.Response mux = startExec(createExec("framing-exec", true), false);
            assertEquals("application/vnd.docker.multiplexed-stream", mux.header("content-type"));
            byte[] b = mux.body();
            assertTrue(b.length > 8, new String(b, StandardCharsets.UTF_8));
            assertEquals(1, b[0], "stdout frame");
            int length = ((b[4] & 0xff) << 24) | ((b[5] & 0xff) << 16) | ((b[6] & 0xff) << 8) | (b[7] & 0xff);
            assertEquals("framed\r\n", new String(b, 8, length, StandardCharsets.UTF_8));
            // Created without a TTY, started with one: raw bytes.
            RawClient.Response raw = startExec(createExec("framing-exec", false), true);
            assertEquals("application/vnd.docker.raw-stream", raw.header("content-type"));
            assertEquals("framed\n", raw.text());
        } finally {
            fx.cli.run("rm", "-f", "framing-exec");
        }
    }
}
