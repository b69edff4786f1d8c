package dev.layerlab.lessons;

/**
 * A command block of a step: the page types {@link #text} into the learner's terminal and runs it.
 * An interactive one needs a TTY or the keyboard (docker run -it, logs -f), so tests run the step's
 * {@code test} block instead.
 */
public record Command(String text, boolean interactive) {
}
