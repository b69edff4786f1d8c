package dev.layerlab.lessons;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken lesson files fail with the file and line of the problem. */
class LessonParserTest {
    private static final String HEAD = "---\nid: x\norder: 1\ntitle: T\nsummary: S\nseed: s\n---\n";

    private static String failure(String body) {
        return assertThrows(LessonFormatException.class, () -> LessonParser.parse("lessons/01-x/lesson.en.md", HEAD + body))
                .getMessage();
    }

    @Test
    void unknown_fence_names_file_and_line() {
        String m = failure("intro\n\n## Step {#a}\n\n```sh\nls\n```\n");
        assertEquals("lessons/01-x/lesson.en.md:12: unknown code block '```sh'; known: " + Fence.KNOWN, m);
    }

    @Test
    void a_fence_without_info_is_refused() {
        assertTrue(failure("## Step {#a}\n\n```\nls\n```\n").startsWith("lessons/01-x/lesson.en.md:10: unknown code block"));
    }

    @Test
    void commands_without_a_check_are_refused_unless_marked_nocheck() {
        String m = failure("## Step {#a}\n\n```bash\nls\n```\n");
        assertTrue(m.startsWith("lessons/01-x/lesson.en.md:8: step 'a': has commands or files but no '```check'"), m);
        LessonParser.parse("f", HEAD + "## Step {#a nocheck}\n\n```bash\nls\n```\n");
        assertTrue(failure("## Step {#a nocheck}\n\n```check\ntrue\n```\n").contains("is marked nocheck but has"));
    }

    @Test
    void interactive_commands_need_a_test_block() {
        String m = failure("## Step {#a}\n\n```bash interactive\ndocker run -it busybox\n```\n\n```check\ntrue\n```\n");
        assertTrue(m.startsWith("lessons/01-x/lesson.en.md:8: step 'a': has a '```bash interactive' block, so it needs"), m);
    }

    @Test
    void headings_and_front_matter_are_checked() {
        assertTrue(failure("## Step without id\n").startsWith("lessons/01-x/lesson.en.md:8: a step heading is"));
        assertTrue(failure("## A {#a nocheck}\n\n## B {#a nocheck}\n").contains(":10: step id 'a' is used twice"));
        assertTrue(failure("# Title\n").contains(":8: no '#' headings"));
        assertTrue(failure("intro only\n").contains("at least one step"));
        String m = assertThrows(LessonFormatException.class, () -> LessonParser.parse("f.md", "---\nid: x\n---\n")).getMessage();
        assertTrue(m.startsWith("f.md:3: front matter lacks"), m);
    }

    @Test
    void file_paths_stay_under_root() {
        assertTrue(failure("## S {#a nocheck}\n\n```file ../etc/passwd\nx\n```\n").contains(":10: a file path is relative"));
        assertTrue(failure("## S {#a nocheck}\n\n```file /etc/passwd\nx\n```\n").contains("a file path is relative"));
    }

    @Test
    void check_logic_ignores_only_the_messages() {
        assertEquals(LessonTranslations.checkLogic("test -f a || { echo \"없음\"; exit 1; }"),
                LessonTranslations.checkLogic("test -f a || { echo \"missing \\\"a\\\"\"; exit 1; }"));
        assertTrue(!LessonTranslations.checkLogic("test -f a").equals(LessonTranslations.checkLogic("test -f b")));
    }
}
