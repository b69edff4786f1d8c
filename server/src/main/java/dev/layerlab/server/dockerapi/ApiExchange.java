package dev.layerlab.server.dockerapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.layerlab.runtime.error.InvalidArgumentException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.util.Map;

/**
 * One request and its response, as a handler sees it. Exactly one of {@link #respond},
 * {@link #respondEmpty}, {@link #stream} or {@link #hijack} answers it.
 */
public final class ApiExchange {
    /** JSON bodies are small (create, exec: a few KiB); a bigger one is refused rather than parsed into memory. */
    static final int MAX_JSON_BYTES = 1024 * 1024;

    private final RequestHead head;
    private final InputStream body;
    private final HttpInput rawIn;
    private final OutputStream rawOut;
    private final SocketChannel channel;
    private final ResponseWriter writer;
    private String path;
    private Map<String, String> params = Map.of();
    private ApiVersion version;
    private QueryParams query;
    private JsonNode json;

    ApiExchange(RequestHead head, InputStream body, HttpInput rawIn, OutputStream rawOut,
                SocketChannel channel, ResponseWriter writer) {
        this.head = head;
        this.body = body;
        this.rawIn = rawIn;
        this.rawOut = rawOut;
        this.channel = channel;
        this.writer = writer;
    }

    void bind(String path, Map<String, String> params, ApiVersion version, QueryParams query) {
        this.path = path;
        this.params = params;
        this.version = version;
        this.query = query;
    }

    RequestHead head() {
        return head;
    }

    ResponseWriter writer() {
        return writer;
    }

    public String method() {
        return head.method();
    }

    /** The decoded path without the {@code /v1.xx} prefix. */
    public String path() {
        return path;
    }

    /** The version from the path prefix, or the newest supported one for an unprefixed path. */
    public ApiVersion apiVersion() {
        return version;
    }

    /** A path parameter of the route; asking for one the route does not declare is a bug. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException("route has no parameter " + name);
        }
        return v;
    }

    public QueryParams query() {
        return query;
    }

    public Headers headers() {
        return head.headers();
    }

    /** The request body, decoded from its framing as it is read; never buffered whole. */
    public InputStream body() {
        return body;
    }

    /** The body as JSON; an empty body is a {@link MissingNode}, malformed JSON a 400. */
    public JsonNode json() throws IOException {
        if (json == null) {
            byte[] bytes = body.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new ApiException(400, "request body too large: this playground accepts JSON bodies of at most "
                        + (MAX_JSON_BYTES >> 20) + " MiB");
            }
            try {
                json = bytes.length == 0 ? MissingNode.getInstance() : ApiJson.MAPPER.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw new InvalidArgumentException("invalid JSON: " + e.getOriginalMessage());
            }
        }
        return json;
    }

    /** Adds a response header; call before answering. */
    public ApiExchange header(String name, String value) {
        writer.header(name, value);
        return this;
    }

    public void respond(int status, Object jsonBody) throws IOException {
        writer.send(status, ContentTypes.JSON, ApiJson.bytes(jsonBody));
    }

    public void respond(int status, String contentType, byte[] body) throws IOException {
        writer.send(status, contentType, body);
    }

    /** A response without a body: 204 after start or delete, 201 after tag, 200 for a HEAD probe. */
    public void respondEmpty(int status) throws IOException {
        writer.send(status, null, new byte[0]);
    }

    /**
     * Sends the status and headers now and returns the body as a stream whose every write reaches
     * the client at once. Closing it ends the response; if the handler returns first, it is closed.
     */
    public OutputStream stream(int status, String contentType) throws IOException {
        return writer.stream(status, contentType);
    }

    /**
     * Takes over the connection: any unread request body is skipped, the {@code 101 UPGRADED} head
     * is written and the raw socket is returned. The connection closes when the handler returns.
     */
    public HijackedStream hijack(String contentType) throws IOException {
        if (!RequestBody.drain(body)) {
            throw new ApiException(400, "request body too large to skip before hijacking");
        }
        writer.hijack(contentType, head.headers().contains("Upgrade"));
        return new HijackedStream(rawIn, rawOut, channel);
    }
}
