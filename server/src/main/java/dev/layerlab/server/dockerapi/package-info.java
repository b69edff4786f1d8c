/**
 * The Docker Engine API transport: a small HTTP/1.1 server on a unix socket, a route table and the
 * stream framings the docker CLI expects. Handlers for containers, images and the rest build on
 * {@link dev.layerlab.server.dockerapi.ApiRouter} and {@link dev.layerlab.server.dockerapi.ApiExchange}.
 *
 * <h2>Why our own server and not Javalin/Jetty</h2>
 * The API is not ordinary HTTP. {@code attach} and {@code exec start} hijack the connection: after
 * {@code HTTP/1.1 101 UPGRADED} it carries raw bytes both ways, and the client half-closes it (shuts
 * its write side when stdin ends) while still reading output. {@code /wait} must flush its headers
 * before the body exists, the CLI streams {@code /build} contexts chunked, and it sends an empty
 * {@code Host:} header on hijacks. Jetty can do most of this over TCP, but on a unix socket its
 * upgrade and half-close paths are awkward and hard to test. HTTP/1.1 for one known client is small:
 * a request line, headers, two body framings. So the JDK's own
 * {@code ServerSocketChannel.open(StandardProtocolFamily.UNIX)} with blocking I/O serves it, one
 * virtual thread per connection: a blocked read (stdin, the next keep-alive request) costs no
 * platform thread, code reads top to bottom, and a hijack simply hands the socket to the handler.
 *
 * <h2>Shape</h2>
 * {@link dev.layerlab.server.dockerapi.ApiServer} accepts; {@code Connection} reads requests
 * ({@code RequestHead}, {@code RequestBody}) and writes responses ({@code ResponseWriter});
 * {@link dev.layerlab.server.dockerapi.ApiRouter} strips the {@code /v1.xx} prefix, picks the route and
 * maps exceptions to statuses ({@code ApiErrors}), so handlers just throw.
 */
package dev.layerlab.server.dockerapi;
