package dev.layerlab.server.terminal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A test's terminal client: the JDK's WebSocket, collecting every output byte (decoded as a whole,
 * so UTF-8 split across frames comes out intact), the text frames and the close.
 */
final class TerminalWs implements WebSocket.Listener, AutoCloseable {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration WAIT = Duration.ofSeconds(15);

    record Close(int code, String reason) {
    }

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<JsonNode> texts = new ArrayList<>();
    private final StringBuilder partialText = new StringBuilder();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private WebSocket ws;
    private String terminalId;

    static TerminalWs connect(int port, String terminalId) throws Exception {
        TerminalWs client = new TerminalWs();
        client.terminalId = terminalId;
        client.ws = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws/terminals/" + terminalId), client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    String socketTerminalId() {
        return terminalId;
    }

    void send(String text) throws Exception {
        ws.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    void sendBinary(byte[] data) throws Exception {
        ws.sendBinary(ByteBuffer.wrap(data), true).get(10, TimeUnit.SECONDS);
    }

    void type(String keys) throws Exception {
        send(Json.MAPPER.writeValueAsString(Map.of("type", "input", "data", keys)));
    }

    void resize(int cols, int rows) throws Exception {
        send("{\"type\":\"resize\",\"cols\":" + cols + ",\"rows\":" + rows + "}");
    }

    /** How many output bytes arrived so far: a mark for {@link #awaitAfter}. */
    synchronized int received() {
        return output.size();
    }

    synchronized byte[] bytes() {
        return output.toByteArray();
    }

    /** The output from byte {@code from} on, decoded. */
    synchronized String screen(int from) {
        byte[] all = output.toByteArray();
        return new String(Arrays.copyOfRange(all, from, all.length), StandardCharsets.UTF_8);
    }

    /** Waits until the output after {@code mark} contains {@code needle}; returns that output. */
    String awaitAfter(int mark, String needle) throws InterruptedException {
        return awaitAfter(mark, Pattern.compile(Pattern.quote(needle)));
    }

    /** Waits until the output after {@code mark} has a match of {@code pattern}; returns that output. */
    synchronized String awaitAfter(int mark, Pattern pattern) throws InterruptedException {
        String needle = pattern.pattern();
        long deadline = System.nanoTime() + WAIT.toNanos();
        boolean lastLook = false;
        while (!pattern.matcher(screen(mark)).find()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0 || lastLook) {
                fail("no \"" + needle + "\" in the terminal's output (closed: " + closed.getNow(null) + "):\n" + screen(mark)
                        + "\nescaped: " + screen(mark).replace("\r", "\\r").replace("\n", "\\n").replace("\u001b", "\\e"));
            }
            lastLook = closed.isDone(); // after a close, one more look: nothing else will come
            wait(Math.min(left, 100));
        }
        return screen(mark);
    }

    String await(String needle) throws InterruptedException {
        return awaitAfter(0, needle);
    }

    /** Waits for the next text frame of type {@code type}. */
    synchronized JsonNode awaitText(String type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (JsonNode t : texts) {
                if (type.equals(t.path("type").asText())) {
                    texts.remove(t);
                    return t;
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                fail("no " + type + " message; got " + texts + ", closed: " + closed.getNow(null));
            }
            wait(Math.min(left, 100));
        }
    }

    Close awaitClose() throws Exception {
        return closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        output.writeBytes(bytes);
        notifyAll();
        webSocket.request(1);
        return null;
    }

    @Override
    public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partialText.append(data);
        if (last) {
            try {
                texts.add(Json.MAPPER.readTree(partialText.toString()));
            } catch (Exception e) {
                texts.add(Json.MAPPER.getNodeFactory().textNode("not JSON: " + partialText));
            }
            partialText.setLength(0);
            notifyAll();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        synchronized (this) {
            notifyAll();
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Close(-1, String.valueOf(error)));
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            ws.abort();
        }
    }
}
