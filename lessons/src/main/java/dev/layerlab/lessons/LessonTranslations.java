package dev.layerlab.lessons;

import java.util.List;
import java.util.Objects;

/**
 * The languages of one lesson must be the same lesson: same id, order and seed, the same step ids in
 * the same order, and in each step the same commands, files and test. Checks may differ only in the
 * text of their double-quoted strings (what they print for the learner, in the learner's language).
 */
final class LessonTranslations {
    private LessonTranslations() {
    }

    static void check(String file, LessonParser.Parsed reference, LessonParser.Parsed other) {
        for (String key : List.of("id", "order", "seed")) {
            if (!reference.meta().values().get(key).equals(other.meta().values().get(key))) {
                throw new LessonFormatException(file, 1, "front matter '" + key + "' differs between languages");
            }
        }
        List<Step> a = reference.text().steps();
        List<Step> b = other.text().steps();
        List<String> idsA = a.stream().map(Step::id).toList();
        List<String> idsB = b.stream().map(Step::id).toList();
        if (!idsA.equals(idsB)) {
            throw new LessonFormatException(file, other.stepLines().get(firstDifference(idsA, idsB)),
                    "the step ids differ between languages: " + idsA + " vs " + idsB);
        }
        for (int i = 0; i < a.size(); i++) {
            Step x = a.get(i);
            Step y = b.get(i);
            String what = !x.commands().equals(y.commands()) ? "commands"
                    : !x.files().equals(y.files()) ? "files"
                    : !Objects.equals(x.test(), y.test()) ? "test block"
                    : !Objects.equals(checkLogic(x.check()), checkLogic(y.check())) ? "check (outside its \"messages\")"
                    : null;
            if (what != null) {
                throw new LessonFormatException(file, other.stepLines().get(i),
                        "step '" + y.id() + "': its " + what + " differ from the other language's");
            }
        }
    }

    /** A check without the contents of its double-quoted strings. */
    static String checkLogic(String check) {
        return check == null ? null : check.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    private static int firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        return Math.min(i, b.size() - 1);
    }
}
