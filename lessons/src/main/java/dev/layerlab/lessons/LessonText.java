package dev.layerlab.lessons;

import java.util.List;

/** A lesson in one language: front matter title and summary, the intro as HTML, the steps. */
public record LessonText(String title, String summary, String introHtml, List<Step> steps) {
    public LessonText {
        steps = List.copyOf(steps);
    }
}
