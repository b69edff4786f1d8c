package dev.layerlab.server.dockerapi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A server on a fresh socket for each test, with two echo routes; subclasses add their own routes
 * (the router may change while serving).
 */
abstract class SocketTestSupport {
    @TempDir
    Path dir;
    Path socket;
    final ApiRouter router = new ApiRouter();
    ApiServer server;

    @BeforeEach
    void startServer() throws Exception {
        socket = dir.resolve("api.sock");
        router.post("/echo", ex -> ex.respond(200, Map.of("path", ex.path(), "version", ex.apiVersion().toString(),
                "host", String.valueOf(ex.headers().first("Host")), "body", new String(ex.body().readAllBytes(), StandardCharsets.UTF_8))));
        router.post("/sha", ex -> ex.respond(200, Map.of("sha", ApiRequestParsingTest.sha256(ex.body()))));
        server = ApiServer.start(socket, router);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    /** One request on a new connection; returns its response. */
    RawClient.Response exchange(String request) throws Exception {
        try (RawClient c = RawClient.connect(socket)) {
            return c.send(request).read();
        }
    }
}
