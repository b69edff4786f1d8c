package dev.layerlab.runtime.build;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.build.context.BuildContext;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.stdio.ContainerLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real engine with busybox, and helpers to write a context directory, build it and run the result. */
final class BuildFixture implements AutoCloseable {
    final Path data;
    Engine engine;
    Space space;

    BuildFixture() throws IOException {
        data = Files.createTempDirectory("layerlab-build-");
        open();
        engine.baseImages().ensureBusybox();
    }

    void open() throws IOException {
        engine = Engine.open(EngineSettings.defaults(data));
        space = engine.defaultSpace();
    }

    /** Closes and reopens the engine over the same data directory (a server restart). */
    void restart() throws IOException {
        engine.close();
        open();
    }

    Path context(String name, Map<String, String> files) throws IOException {
        Path dir = data.resolve("contexts").resolve(name);
        for (var e : files.entrySet()) {
            Path f = dir.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        return dir;
    }

    /** What a build printed and made. */
    record Result(Image image, String output, BuildRecord record) {
        boolean usedCacheFor(int step) {
            return record.steps().stream().filter(s -> s.number() == step).anyMatch(s -> s.verdict() == CacheVerdict.HIT);
        }
    }

    Result build(Path context, BuildRequest request) throws IOException {
        StringBuilder out = new StringBuilder();
        BuildOutput sink = new BuildOutput() {
            @Override
            public void stream(String text) {
                out.append(text);
            }

            @Override
            public void imageId(Digest id) {
                out.append("[aux ").append(id).append("]\n");
            }
        };
        try (BuildContext ctx = BuildContext.ofDirectory(context, Files.createDirectories(data.resolve("tmp")))) {
            Image image = space.build(request, ctx, sink);
            return new Result(image, out.toString(), space.builds().list().getFirst());
        } catch (BuildFailedException e) {
            throw new Failed(e, out.toString());
        }
    }

    /** A failed build with what it printed before failing. */
    static final class Failed extends RuntimeException {
        final BuildFailedException cause;
        final String output;

        Failed(BuildFailedException cause, String output) {
            super(cause.getMessage() + "\n--- output ---\n" + output, cause);
            this.cause = cause;
            this.output = output;
        }
    }

    /** Runs a container of {@code image} with {@code cmd} (null: the image's) and returns its output. */
    String run(String image, String... cmd) throws Exception {
        ContainerConfig.Builder b = ContainerConfig.builder(image).autoRemove(false);
        if (cmd.length > 0) {
            b.cmd(cmd);
        }
        ContainerRecord c = space.containers().create(null, b.build());
        var exit = space.containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
        space.containers().start(c.id());
        exit.get(30, TimeUnit.SECONDS);
        String out = ContainerLog.text(space.containers().store().get(c.id()).log().read(-1));
        space.containers().remove(c.id(), true, true);
        return out;
    }

    @Override
    public void close() throws IOException {
        for (var c : space.containers().list()) {
            space.containers().remove(c.id(), true, true);
        }
        engine.close();
        AtomicFiles.deleteTree(data);
    }
}
