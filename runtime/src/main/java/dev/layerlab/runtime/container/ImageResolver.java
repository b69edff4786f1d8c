package dev.layerlab.runtime.container;

/** Finds an image by name or ID and makes sure its layers are unpacked; implemented by the engine. */
public interface ImageResolver {
    /** @throws dev.layerlab.runtime.error.NotFoundException "No such image: ..." */
    ResolvedImage resolve(String nameOrId);
}
