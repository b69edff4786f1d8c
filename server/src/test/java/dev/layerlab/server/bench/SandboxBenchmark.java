package dev.layerlab.server.bench;

import dev.layerlab.runtime.bench.RuncBaseline;
import dev.layerlab.runtime.bench.Timings;
import dev.layerlab.runtime.sandbox.Sandbox;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Sandbox figures, side by side with plain runc in one run. Not a test: run with
 * {@code scripts/bench.sh sandbox}.
 * <ol>
 *   <li>{@code docker run --rm busybox true} through the real CLI against a sandbox's socket,
 *       against {@code runc run} of an equivalent bundle.</li>
 *   <li>Sandbox creation until its host container runs and its socket answers a ping.</li>
 * </ol>
 */
public final class SandboxBenchmark {
    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmup = Math.max(5, iterations / 5);
        try (SandboxFixture fx = SandboxFixture.open();
             RuncBaseline baseline = RuncBaseline.prepare(fx.engine, fx.data)) {
            DockerCli cli = fx.cli;
            List<List<Long>> run = Timings.interleaved(warmup, iterations,
                    () -> cli.run("run", "--rm", "busybox", "true").assertOk(), baseline::runcRun,
                    () -> cli.run("version").assertOk());
            List<Long> create = new ArrayList<>();
            List<Long> delete = new ArrayList<>();
            for (int i = 0; i < 3 + Math.max(10, iterations / 2); i++) {
                Sandbox[] made = new Sandbox[1];
                long c = Timings.time(() -> {
                    made[0] = fx.service.create();
                    ping(made[0].apiSocket());
                });
                long d = Timings.time(() -> fx.service.delete(made[0].id()));
                if (i >= 3) {
                    create.add(c);
                    delete.add(d);
                }
            }
            System.out.printf("iterations: %d (after %d warm-up), %d cores%n", iterations, warmup,
                    Runtime.getRuntime().availableProcessors());
            Timings.report("docker run --rm busybox true (real CLI -> sandbox socket)", run.get(0));
            Timings.report("plain runc run of the same spec", run.get(1));
            Timings.report("docker version (the CLI's own round trip)", run.get(2));
            Timings.report("sandbox create (host running, socket answering)", create);
            Timings.report("sandbox delete (everything in it)", delete);
        }
    }

    /** GET /_ping on the socket: the sandbox is usable once this answers. */
    static void ping(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1024);
            if (ch.read(buf) <= 0 || !new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                throw new IOException("the sandbox's socket did not answer the ping");
            }
        }
    }
}
