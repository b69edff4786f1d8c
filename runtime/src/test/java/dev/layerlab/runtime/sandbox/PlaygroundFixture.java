package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.WaitCondition;
import dev.layerlab.runtime.stdio.ContainerLog;

import java.util.concurrent.TimeUnit;

/** Runs a container to its end and returns what it printed. */
final class PlaygroundFixture {
    private PlaygroundFixture() {
    }

    static String run(Space space, String image, String... cmd) throws Exception {
        ContainerConfig.Builder b = ContainerConfig.builder(image).autoRemove(false);
        if (cmd.length > 0) {
            b.cmd(cmd);
        }
        ContainerRecord c = space.containers().create(null, b.build());
        var exit = space.containers().waitFor(c.id(), WaitCondition.NEXT_EXIT);
        space.containers().start(c.id());
        int code = exit.get(60, TimeUnit.SECONDS);
        String out = ContainerLog.text(space.containers().store().get(c.id()).log().read(-1));
        space.containers().remove(c.id(), true, true);
        if (code != 0) {
            throw new AssertionError(image + " " + String.join(" ", cmd) + " exited " + code + ":\n" + out);
        }
        return out;
    }
}
