package dev.layerlab.server.dockerapi.handlers;

import dev.layerlab.runtime.io.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Docker's progress streams (build, pull, load): one JSON message per line, each reaching the client
 * at once as one chunk holding the message and its newline, as dockerd writes them (docker-py's
 * parser fails on a newline left alone at the end of the body). An error after the 200 head can only
 * be said in-band, as {@code errorDetail} + {@code error}.
 */
final class JsonLines {
    private final OutputStream out;

    JsonLines(OutputStream out) {
        this.out = out;
    }

    void send(Map<String, ?> message) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(message);
        byte[] line = Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        out.write(line);
        out.flush();
    }

    /** A newline between messages: JSON decoders skip it, so it only proves the connection is still open. */
    void whitespace() throws IOException {
        out.write('\n');
        out.flush();
    }

    void status(String status) throws IOException {
        send(Map.of("status", status));
    }

    void status(String id, String status) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("id", id);
        send(m);
    }

    void stream(String text) throws IOException {
        send(Map.of("stream", text));
    }

    void error(String message) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errorDetail", Map.of("message", message));
        m.put("error", message);
        send(m);
    }
}
