package dev.layerlab.server.lessons;

import dev.layerlab.lessons.Language;
import dev.layerlab.lessons.Lesson;
import dev.layerlab.lessons.LessonCatalog;
import dev.layerlab.lessons.Step;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Walks every bundled lesson in a fresh sandbox of its own, step by step, as a learner would: each
 * step's files are placed, its check must fail, its commands (or its test block instead of the
 * interactive ones) run in the sandbox shell, then its check must pass. Run one lesson with
 * {@code -Dlayerlab.lesson=<id>}.
 */
class LessonStepsTest {
    @TestFactory
    Stream<DynamicNode> every_lesson_step_by_step() {
        String only = System.getProperty("layerlab.lesson", "");
        return LessonCatalog.load().lessons().stream()
                .filter(l -> only.isEmpty() || l.id().equals(only))
                .map(LessonStepsTest::walk);
    }

    private static DynamicNode walk(Lesson lesson) {
        LessonWalk walk = new LessonWalk(lesson);
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(dynamicTest("open a sandbox", () -> walk.fx = SandboxFixture.open()));
        List<Step> ko = lesson.text(Language.KO).steps();
        List<Step> en = lesson.text(Language.EN).steps();
        for (int i = 0; i < ko.size(); i++) {
            Step step = ko.get(i);
            Step english = en.get(i);
            tests.add(dynamicTest((i + 1) + " " + step.id(), () -> {
                assumeTrue(walk.broken == null, () -> "an earlier step failed: " + walk.broken);
                walk.broken = step.id();
                walk.step(step, english);
                walk.broken = null;
            }));
        }
        tests.add(dynamicTest("close the sandbox", () -> {
            if (walk.fx != null) {
                walk.fx.close();
            }
        }));
        return DynamicContainer.dynamicContainer(lesson.order() + " " + lesson.id(), tests);
    }
}
