package dev.layerlab.lessons;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every lesson shipped in the jar loads, in both languages, with matching steps. */
class BundledLessonsTest {
    @Test
    void every_bundled_lesson_loads_in_order() {
        List<Lesson> lessons = LessonCatalog.load().lessons();
        assertFalse(lessons.isEmpty());
        for (int i = 0; i < lessons.size(); i++) {
            assertEquals(i + 1, lessons.get(i).order(), lessons.get(i).id());
        }
    }

    @Test
    void ko_and_en_have_the_same_step_ids_and_commands() {
        for (Lesson lesson : LessonCatalog.load().lessons()) {
            LessonText ko = lesson.text(Language.KO);
            LessonText en = lesson.text(Language.EN);
            assertEquals(ko.steps().stream().map(Step::id).toList(), en.steps().stream().map(Step::id).toList(), lesson.id());
            for (int i = 0; i < ko.steps().size(); i++) {
                assertEquals(ko.steps().get(i).commands(), en.steps().get(i).commands(), lesson.id());
                assertEquals(ko.steps().get(i).files(), en.steps().get(i).files(), lesson.id());
            }
            assertTrue(ko.steps().size() >= 5 && ko.steps().size() <= 18, lesson.id() + " has " + ko.steps().size() + " steps");
        }
    }

    @Test
    void a_broken_bundled_file_would_name_itself() {
        LessonFormatException e = org.junit.jupiter.api.Assertions.assertThrows(LessonFormatException.class,
                () -> LessonParser.parse("lessons/99-x/lesson.ko.md", "---\nid: x\n"));
        assertTrue(e.getMessage().startsWith("lessons/99-x/lesson.ko.md:"), e.getMessage());
    }
}
