package dev.layerlab.lessons;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LessonCatalogTest {
    static Path sample() throws URISyntaxException {
        return Path.of(LessonCatalogTest.class.getClassLoader().getResource("sample").toURI());
    }

    @Test
    void parses_the_sample_lesson() throws Exception {
        Lesson lesson = LessonCatalog.load(sample()).get("sample").orElseThrow();
        assertEquals(1, lesson.order());
        assertEquals("none", lesson.seed());
        LessonText en = lesson.text(Language.EN);
        assertEquals("A sample", en.title());
        assertEquals("Two steps.", en.summary());
        assertTrue(en.introHtml().contains("<em>emphasis</em>"), en.introHtml());
        assertTrue(en.introHtml().contains("<pre class=\"ll-text\"><code>just shown\n</code></pre>"), en.introHtml());
        assertEquals(List.of("make", "inside", "look"), en.steps().stream().map(Step::id).toList());

        Step make = en.steps().get(0);
        assertEquals("Make a file", make.title());
        assertEquals(List.of(new Command("docker build -t hello:1 hello", false)), make.commands());
        assertEquals(List.of(new SandboxFile("hello/Dockerfile", "FROM busybox\n")), make.files());
        assertTrue(make.check().startsWith("docker image inspect hello:1"), make.check());
        assertEquals("Look at the file.", make.hint());
        assertNull(make.solution());
        assertTrue(make.html().contains("data-command=\"0\""), make.html());
        assertTrue(make.html().contains("data-interactive=\"false\""), make.html());
        assertTrue(make.html().contains("data-path=\"hello/Dockerfile\""), make.html());
        assertFalse(make.html().contains("docker image inspect"), "checks are not prose: " + make.html());
        assertFalse(make.html().contains("Look at the file"), "hints are not prose: " + make.html());
        assertEquals(List.of("docker build -t hello:1 hello"), make.testScripts());

        Step inside = en.steps().get(1);
        assertTrue(inside.commands().getFirst().interactive());
        assertEquals(List.of("docker run busybox true"), inside.testScripts());
        assertNull(en.steps().get(2).check());
    }

    @Test
    void both_languages_have_the_same_steps_with_their_own_prose() throws Exception {
        Lesson lesson = LessonCatalog.load(sample()).get("sample").orElseThrow();
        LessonText ko = lesson.text(Language.KO);
        assertEquals("예시", ko.title());
        assertEquals("파일 만들기", ko.steps().get(0).title());
        assertEquals("파일을 보세요.", ko.steps().get(0).hint());
        assertTrue(ko.steps().get(0).check().contains("아직 hello:1 이미지가 없습니다."));
        assertEquals(lesson.text(Language.EN).steps().get(0).commands(), ko.steps().get(0).commands());
    }

    @Test
    void unknown_ids_are_empty() throws Exception {
        assertTrue(LessonCatalog.load(sample()).get("nope").isEmpty());
    }
}
