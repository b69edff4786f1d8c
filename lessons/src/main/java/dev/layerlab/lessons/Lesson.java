package dev.layerlab.lessons;

import java.util.Map;

/**
 * A lesson: its id (the URL name), its place in the catalog, the tutorial it mirrors ({@code seed}),
 * and its text in every {@link Language}, which all have the same steps.
 */
public record Lesson(String id, int order, String seed, Map<Language, LessonText> texts) {
    public Lesson {
        texts = Map.copyOf(texts);
    }

    public LessonText text(Language language) {
        return texts.get(language);
    }
}
