package dev.layerlab.server.lessons;

import dev.layerlab.lessons.Lesson;
import dev.layerlab.lessons.SandboxFile;
import dev.layerlab.lessons.Step;
import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** One lesson walked in one sandbox: the state shared by its steps' dynamic tests. */
final class LessonWalk {
    private final Lesson lesson;
    SandboxFixture fx;
    /** The step that failed, after which the lesson's later steps are skipped. */
    String broken;

    LessonWalk(Lesson lesson) {
        this.lesson = lesson;
    }

    void step(Step ko, Step en) throws Exception {
        String where = "lesson " + lesson.id() + ", step " + ko.id() + " (KO commands)";
        assertEquals(ko.commands(), en.commands(), where + ": commands differ between KO and EN");
        assertEquals(ko.files(), en.files(), where + ": files differ between KO and EN");
        assertEquals(ko.test(), en.test(), where + ": test blocks differ between KO and EN");
        for (SandboxFile file : ko.files()) {
            place(where, file);
        }
        if (ko.check() != null) {
            checkFails(where + ", KO check before the commands", ko.check());
            checkFails(where + ", EN check before the commands", en.check());
        }
        for (String script : ko.testScripts()) {
            CliResult r = fx.shell(script);
            if (r.exitCode() != 0) {
                throw new AssertionError(where + ": command failed (exit " + r.exitCode() + "):\n" + script
                        + "\nstdout: " + r.stdout() + "\nstderr: " + r.stderr());
            }
        }
        if (ko.check() != null) {
            checkPasses(where + ", KO check after the commands", ko.check());
            checkPasses(where + ", EN check after the commands", en.check());
        }
    }

    private void place(String where, SandboxFile file) throws Exception {
        String b64 = Base64.getEncoder().encodeToString(file.content().getBytes(StandardCharsets.UTF_8));
        CliResult r = fx.shell("mkdir -p \"$(dirname '" + file.path() + "')\" && printf %s '" + b64 + "' | base64 -d > '"
                + file.path() + "'");
        assertEquals(0, r.exitCode(), where + ": placing " + file.path() + ": " + r.stderr());
    }

    private void checkFails(String where, String check) throws Exception {
        CliResult r = fx.shell(check);
        if (r.exitCode() == 0) {
            throw new AssertionError(where + ": the check already passes, so it proves nothing:\n" + check);
        }
        assertFalse(r.stdout().isBlank(), where + ": a failing check must say what is missing:\n" + check
                + "\nstderr: " + r.stderr());
    }

    private void checkPasses(String where, String check) throws Exception {
        CliResult r = fx.shell(check);
        if (r.exitCode() != 0) {
            throw new AssertionError(where + ": the check fails (exit " + r.exitCode() + "):\n" + check
                    + "\nstdout: " + r.stdout() + "\nstderr: " + r.stderr());
        }
    }
}
