package dev.layerlab.runtime.image;

import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.ConflictException;
import dev.layerlab.runtime.error.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDeleteTest {
    private static final String CONTAINER = "0123456789abcdef0123";

    @TempDir
    Path dir;
    ContentStore content;
    ImageStore store;
    Image img;

    @BeforeEach
    void open() throws IOException {
        content = new ContentStore(dir.resolve("content"));
        store = new ImageStore(content, dir.resolve("images"));
        img = TestImages.image(store, content, null, "layer");
    }

    private void tag(String... names) throws IOException {
        for (String n : names) {
            store.tag(img, ImageReference.parse(n));
        }
    }

    private static ImageUsers used(boolean running) {
        return id -> Optional.of(new ImageUsers.User(CONTAINER, running));
    }

    private DeleteResult rmi(String given, boolean force, ImageUsers users) throws IOException {
        return store.delete(given, force, users);
    }

    @Test
    void removingTheOnlyTagDeletesTheImage() throws IOException {
        tag("app:1");
        DeleteResult r = rmi("app:1", false, ImageUsers.NONE);
        assertEquals(List.of("app:1"), r.untagged());
        assertEquals(List.of(img.id()), r.deleted());
        assertEquals(List.of(), store.list());
    }

    @Test
    void removingOneOfSeveralTagsOnlyUntags() throws IOException {
        tag("app:1", "app:2");
        assertEquals("No such image: app:latest",
                assertThrows(NotFoundException.class, () -> rmi("app", false, ImageUsers.NONE)).getMessage());
        DeleteResult r = rmi("app:2", false, ImageUsers.NONE);
        assertEquals(List.of("app:2"), r.untagged());
        assertEquals(List.of(), r.deleted());
        assertEquals(List.of(ImageReference.parse("app:1")), store.resolve(img.id().toString()).references());
    }

    @Test
    void idWithSeveralRepositoriesMustBeForced() throws IOException {
        tag("app:1", "localhost:5000/app:1");
        ConflictException e = assertThrows(ConflictException.class, () -> rmi(img.id().shortId(), false, ImageUsers.NONE));
        assertEquals("conflict: unable to delete " + img.id().shortId()
                + " (must be forced) - image is referenced in multiple repositories", e.getMessage());
        assertEquals(2, store.resolve(img.id().toString()).references().size(), "refusal changes nothing");

        DeleteResult r = rmi(img.id().shortId(), true, ImageUsers.NONE);
        assertEquals(List.of("app:1", "localhost:5000/app:1"), r.untagged());
        assertEquals(List.of(img.id()), r.deleted());
        assertEquals(List.of(), store.list());
    }

    @Test
    void idWithTwoTagsInOneRepositoryAlsoMustBeForced() throws IOException {
        tag("app:1", "app:2");
        assertThrows(ConflictException.class, () -> rmi(img.id().toString(), false, ImageUsers.NONE));
    }

    @Test
    void idWithOneTagAndItsDigestReferenceIsASingleReference() throws IOException {
        tag("app:1");
        store.tag(img, ImageReference.parse("app@" + img.manifestDigest()));
        DeleteResult r = rmi(img.id().hex(), false, ImageUsers.NONE);
        assertEquals(List.of("app:1", "app@" + img.manifestDigest()), r.untagged());
        assertEquals(List.of(img.id()), r.deleted());
    }

    @Test
    void lastTagOfARepositoryTakesItsDigestReferencesAlong() throws IOException {
        tag("app:1", "other:1");
        store.tag(img, ImageReference.parse("app@" + img.manifestDigest()));
        DeleteResult r = rmi("app:1", false, ImageUsers.NONE);
        assertEquals(List.of("app:1", "app@" + img.manifestDigest()), r.untagged());
        assertEquals(List.of(), r.deleted());
        assertEquals(List.of(ImageReference.parse("other:1")), store.resolve("other:1").references());
    }

    @Test
    void danglingImageIsDeletedById() throws IOException {
        DeleteResult r = rmi(img.id().shortId(), false, ImageUsers.NONE);
        assertEquals(List.of(), r.untagged());
        assertEquals(List.of(img.id()), r.deleted());
    }

    @Test
    void stoppedContainerBlocksDeleteByIdUnlessForced() throws IOException {
        tag("app:1");
        ConflictException e = assertThrows(ConflictException.class, () -> rmi(img.id().toString(), false, used(false)));
        assertEquals("conflict: unable to delete " + img.id().shortId()
                + " (must be forced) - image is being used by stopped container 0123456789ab", e.getMessage());
        assertEquals(List.of(img.id()), rmi(img.id().toString(), true, used(false)).deleted());
    }

    @Test
    void runningContainerBlocksDeleteByIdEvenForced() throws IOException {
        ConflictException e = assertThrows(ConflictException.class, () -> rmi(img.id().toString(), true, used(true)));
        assertEquals("conflict: unable to delete " + img.id().shortId()
                + " (cannot be forced) - image is being used by running container 0123456789ab", e.getMessage());
        assertEquals(img.id(), store.resolve(img.id().toString()).id());
    }

    @Test
    void lastNameOfAUsedImageNeedsForceAndThenTheImageStaysDangling() throws IOException {
        tag("app:1");
        ConflictException e = assertThrows(ConflictException.class, () -> rmi("app:1", false, used(false)));
        assertEquals("conflict: unable to remove repository reference \"app:1\" (must force) - container "
                + "0123456789ab is using its referenced image " + img.id().shortId(), e.getMessage());

        DeleteResult r = rmi("app:1", true, used(true));
        assertEquals(List.of("app:1"), r.untagged());
        assertEquals(List.of(), r.deleted());
        assertTrue(store.resolve(img.id().toString()).dangling());
    }

    @Test
    void aNameCanGoWhileAContainerUsesTheImageIfOtherNamesRemain() throws IOException {
        tag("app:1", "app:2");
        DeleteResult r = rmi("app:1", false, used(true));
        assertEquals(List.of("app:1"), r.untagged());
    }

    @Test
    void deletionIsPersisted() throws IOException {
        tag("app:1");
        Digest id = img.id();
        rmi("app:1", false, ImageUsers.NONE);
        ImageStore reopened = new ImageStore(content, dir.resolve("images"));
        assertThrows(NotFoundException.class, () -> reopened.resolve(id.toString()));
    }

    /** A built image (child) on intermediate steps: the chain goes with the child, as after docker build. */
    private Image[] chain() throws IOException {
        Image step1 = TestImages.image(store, content, "2024-01-01T00:00:01Z", "layer", "a");
        Image step2 = TestImages.image(store, content, "2024-01-01T00:00:02Z", "layer", "a", "b");
        store.setParent(step1, img);
        store.setParent(step2, step1);
        store.tag(step2, ImageReference.parse("built:1"));
        return new Image[]{step1, step2};
    }

    @Test
    void removingABuiltImageRemovesItsUnusedIntermediateSteps() throws IOException {
        tag("base:1");
        Image[] steps = chain();
        DeleteResult r = rmi("built:1", false, ImageUsers.NONE);
        assertEquals(List.of(steps[1].id(), steps[0].id()), r.deleted(), "the tagged base stays");
        assertEquals(List.of(img.id()), store.list().stream().map(Image::id).toList());
        assertTrue(store.parentOf(steps[1].id()).isEmpty());
    }

    @Test
    void anIntermediateStepWithAChildCannotBeDeletedEvenForced() throws IOException {
        Image[] steps = chain();
        ConflictException e = assertThrows(ConflictException.class, () -> rmi(steps[0].id().toString(), true, ImageUsers.NONE));
        assertTrue(e.getMessage().contains("image has dependent child images"), e.getMessage());
        assertEquals(3, store.list().size());
    }

    @Test
    void untaggingAParentKeepsItForItsChildren() throws IOException {
        tag("base:1");
        chain();
        DeleteResult r = rmi("base:1", false, ImageUsers.NONE);
        assertEquals(List.of("base:1"), r.untagged());
        assertEquals(List.of(), r.deleted());
        assertTrue(store.hasChildren(img.id()));
    }

    @Test
    void parentLinksSurviveReopening() throws IOException {
        Image[] steps = chain();
        ImageStore reopened = new ImageStore(content, dir.resolve("images"));
        assertEquals(Optional.of(steps[0].id()), reopened.parentOf(steps[1].id()));
        assertEquals(Optional.of(img.id()), reopened.parentOf(steps[0].id()));
    }
}
