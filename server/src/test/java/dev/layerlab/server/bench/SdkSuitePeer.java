package dev.layerlab.server.bench;

import dev.layerlab.server.cli.SandboxFixture;

/**
 * One engine and one sandbox whose Docker API socket an SDK's own integration suite is run against. Not a
 * test: {@code scripts/sdk-suite.sh} starts it. Prints {@code socket: <path>} once the socket answers a
 * ping, then runs until killed; SIGTERM removes the sandbox and the engine's data (the shared engine's
 * shutdown hook).
 */
public final class SdkSuitePeer {
    public static void main(String[] args) throws Exception {
        SandboxFixture fx = SandboxFixture.open();
        SandboxBenchmark.ping(fx.sandbox.apiSocket());
        System.out.println("socket: " + fx.sandbox.apiSocket());
        System.out.flush();
        Thread.currentThread().join();
    }
}
