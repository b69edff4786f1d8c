package dev.layerlab.runtime.build.dockerfile;

import java.util.List;

/**
 * One build stage: a FROM and the instructions after it.
 *
 * @param index 0-based position among the stages
 * @param name  the lowercased {@code AS} name, or null
 */
public record Stage(int index, String name, Command.From from, List<Command> commands) {
    public Stage {
        commands = List.copyOf(commands);
    }
}
