package dev.layerlab.server.web;

import dev.layerlab.server.session.Admission;
import dev.layerlab.server.session.Learner;
import dev.layerlab.server.session.Sessions;
import dev.layerlab.server.session.WarmPool;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.Map;

/** The HTML pages: home (lessons and progress), the free playground, the language switch, "full". */
final class Pages {
    private final Sessions sessions;
    private final LessonPages lessons;

    Pages(Sessions sessions, LessonPages lessons) {
        this.sessions = sessions;
        this.lessons = lessons;
    }

    void register(JavalinConfig config) {
        config.routes.get("/", this::home);
        config.routes.get("/playground", this::playground);
        config.routes.get("/lang/{code}", this::language);
        config.routes.get("/full", this::full);
        config.routes.exception(Admission.RefusedException.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            ctx.status(429).json(java.util.Map.of("message", e.getMessage(), "retryAfterSeconds", e.retryAfterSeconds()));
        });
        config.routes.exception(WarmPool.FullException.class, (e, ctx) -> {
            if (ctx.path().startsWith("/api/")) {
                ctx.status(503).json(java.util.Map.of("message", e.getMessage(), "full", true,
                        "minutes", sessions.untilOneFrees().toMinutes()));
            } else {
                full(ctx);
            }
        });
    }

    private void home(Context ctx) {
        Learner learner = LearnerCookie.of(ctx, sessions);
        sessions.touch(learner);
        Map<String, Object> model = model(learner);
        model.put("lessons", lessons.summaries(learner));
        ctx.render("home", model);
    }

    private void playground(Context ctx) {
        Learner learner = LearnerCookie.of(ctx, sessions);
        sessions.touch(learner);
        ctx.render("playground", model(learner));
    }

    /** Switches the language and goes back where the learner was. */
    private void language(Context ctx) {
        String code = ctx.pathParam("code");
        if (Messages.supported(code)) {
            sessions.language(LearnerCookie.of(ctx, sessions), code);
        }
        String back = ctx.header("Referer");
        ctx.redirect(back != null && back.startsWith(ctx.scheme() + "://" + ctx.host() + "/") ? back : "/");
    }

    private void full(Context ctx) {
        Learner learner = LearnerCookie.of(ctx, sessions);
        Map<String, Object> model = model(learner);
        model.put("minutes", sessions.untilOneFrees().toMinutes());
        ctx.status(503).render("full", model);
    }

    /** What every page needs: the language and the other one to switch to. */
    static Map<String, Object> model(Learner learner) {
        Map<String, Object> m = new HashMap<>();
        m.put("lang", learner.language());
        m.put("otherLang", "ko".equals(learner.language()) ? "en" : "ko");
        return m;
    }
}
