package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.Digest;

import java.util.List;

/** What {@code docker rmi} reports: references removed (familiar form), then image IDs deleted. */
public record DeleteResult(List<String> untagged, List<Digest> deleted) {
    public DeleteResult {
        untagged = List.copyOf(untagged);
        deleted = List.copyOf(deleted);
    }
}
