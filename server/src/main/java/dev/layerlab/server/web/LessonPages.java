package dev.layerlab.server.web;

import dev.layerlab.lessons.Language;
import dev.layerlab.lessons.Lesson;
import dev.layerlab.lessons.LessonCatalog;
import dev.layerlab.lessons.LessonText;
import dev.layerlab.lessons.SandboxFile;
import dev.layerlab.lessons.Step;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.server.sandbox.SandboxShell;
import dev.layerlab.server.session.Learner;
import dev.layerlab.server.session.Sessions;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lesson pages and their step actions: a step's check runs in the learner's sandbox (exit 0 =
 * passed, recorded in their progress; otherwise its output says what is missing), and a step's files
 * are placed into the sandbox's home directory.
 */
final class LessonPages {
    static final int CHECK_TIMEOUT_SECONDS = 60;

    private final LessonCatalog catalog;
    private final Sessions sessions;
    private final SandboxShell shell;
    private final ClientAddress clients;

    LessonPages(LessonCatalog catalog, Sessions sessions, SandboxShell shell, ClientAddress clients) {
        this.clients = clients;
        this.catalog = catalog;
        this.sessions = sessions;
        this.shell = shell;
    }

    void register(JavalinConfig config) {
        config.routes.get("/lessons/{id}", this::page);
        config.routes.post("/api/lessons/{id}/steps/{step}/check", this::check);
        config.routes.post("/api/lessons/{id}/steps/{step}/files", this::placeFiles);
    }

    /** The home page's list: each lesson's title, summary and the learner's progress. */
    List<Map<String, Object>> summaries(Learner learner) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Lesson lesson : catalog.lessons()) {
            LessonText text = lesson.text(language(learner));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", lesson.id());
            m.put("title", text.title());
            m.put("summary", text.summary());
            m.put("passed", learner.passed(lesson.id()).size());
            m.put("total", text.steps().stream().filter(s -> s.check() != null).count()); // steps that can be passed
            out.add(m);
        }
        return out;
    }

    private void page(Context ctx) {
        Learner learner = LearnerCookie.of(ctx, sessions);
        sessions.touch(learner);
        Lesson lesson = lesson(ctx.pathParam("id"));
        LessonText text = lesson.text(language(learner));
        Set<String> passed = learner.passed(lesson.id());
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Step s : text.steps()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("title", s.title());
            m.put("html", s.html());
            m.put("hasCheck", s.check() != null);
            m.put("hint", s.hint());
            m.put("solution", solution(s));
            m.put("files", s.files().stream().map(SandboxFile::path).toList());
            m.put("passed", passed.contains(s.id()));
            steps.add(m);
        }
        Map<String, Object> model = Pages.model(learner);
        model.put("lessonId", lesson.id());
        model.put("title", text.title());
        model.put("intro", text.introHtml());
        model.put("steps", steps);
        ctx.render("lesson", model);
    }

    private void check(Context ctx) throws IOException {
        Learner learner = LearnerCookie.of(ctx, sessions);
        Lesson lesson = lesson(ctx.pathParam("id"));
        Step step = step(lesson, learner, ctx.pathParam("step"));
        if (step.check() == null) {
            throw new NotFoundException("step " + step.id() + " has nothing to check");
        }
        String sandbox = sessions.sandboxOf(learner, clients.of(ctx));
        SandboxShell.Result r = shell.run(sandbox, step.check(), CHECK_TIMEOUT_SECONDS);
        if (r.ok()) {
            sessions.passed(learner, lesson.id(), step.id());
        }
        ctx.json(Map.of("passed", r.ok(), "output", r.output().strip()));
    }

    private void placeFiles(Context ctx) throws IOException {
        Learner learner = LearnerCookie.of(ctx, sessions);
        Step step = step(lesson(ctx.pathParam("id")), learner, ctx.pathParam("step"));
        String sandbox = sessions.sandboxOf(learner, clients.of(ctx));
        for (SandboxFile f : step.files()) {
            shell.writeFile(sandbox, f.path(), f.content());
        }
        ctx.json(Map.of("placed", step.files().stream().map(SandboxFile::path).toList()));
    }

    private Lesson lesson(String id) {
        return catalog.get(id).orElseThrow(() -> new NotFoundException("no such lesson: " + id));
    }

    private static Step step(Lesson lesson, Learner learner, String stepId) {
        return lesson.text(language(learner)).steps().stream().filter(s -> s.id().equals(stepId)).findFirst()
                .orElseThrow(() -> new NotFoundException("no such step: " + stepId));
    }

    /** The step's own solution, or else its commands: what to type to get there. */
    static String solution(Step s) {
        if (s.solution() != null) {
            return s.solution();
        }
        if (s.check() == null || s.commands().isEmpty()) {
            return null;
        }
        return String.join("\n", s.commands().stream().map(c -> c.text()).toList());
    }

    static Language language(Learner learner) {
        return "ko".equals(learner.language()) ? Language.KO : Language.EN;
    }
}
