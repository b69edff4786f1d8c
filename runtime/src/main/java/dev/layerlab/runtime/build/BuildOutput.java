package dev.layerlab.runtime.build;

import dev.layerlab.runtime.content.Digest;

/**
 * Where a build reports progress, in the legacy builder's words: text lines ({@code Step 1/3 : ...},
 * {@code  ---> Running in ...}, a RUN's own output) and the built image's ID. Failures are thrown.
 */
public interface BuildOutput {
    /** Text for the client's terminal, newlines included. */
    void stream(String text);

    /** The finished image's ID (the API's {@code {"aux":{"ID":...}}}). */
    void imageId(Digest id);

    BuildOutput DISCARD = new BuildOutput() {
        @Override
        public void stream(String text) {
        }

        @Override
        public void imageId(Digest id) {
        }
    };
}
