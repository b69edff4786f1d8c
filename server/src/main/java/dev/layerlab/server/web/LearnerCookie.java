package dev.layerlab.server.web;

import dev.layerlab.server.session.Learner;
import dev.layerlab.server.session.Sessions;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.util.Optional;

/**
 * The learner behind a request: the session cookie. A page hands a visitor without one a fresh cookie
 * value but keeps nothing for it; that value names a learner once one is needed (a sandbox, progress,
 * a language choice), so every request of the page, even several at once, finds the same learner.
 */
final class LearnerCookie {
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private LearnerCookie() {
    }

    /**
     * The learner of this request: the known one, or a new one that nothing keeps until it gets a sandbox
     * or progress (a page that only reads the language and progress stores nothing for a visitor).
     */
    static Learner of(Context ctx, Sessions sessions) {
        return sessions.learner(cookieValue(ctx, sessions), preferredLanguage(ctx.header("Accept-Language")));
    }

    /** The learner of this request if it has one (never makes one). */
    static Optional<Learner> existing(Context ctx, Sessions sessions) {
        return sessions.find(ctx.cookie(Sessions.COOKIE));
    }

    /** The request's cookie value, or a fresh one set on the response. */
    private static String cookieValue(Context ctx, Sessions sessions) {
        String value = ctx.cookie(Sessions.COOKIE);
        if (Sessions.isLearnerId(value)) {
            return value;
        }
        String fresh = ctx.attribute(FRESH);
        if (fresh == null) {
            fresh = Sessions.newId();
            ctx.attribute(FRESH, fresh);
            ctx.cookie(new Cookie(Sessions.COOKIE, fresh, "/", ONE_YEAR, false, true, null, SameSite.LAX));
        }
        return fresh;
    }

    private static final String FRESH = "layerlab.freshLearnerId";

    /** Korean for browsers that ask for it first, English otherwise. */
    static String preferredLanguage(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.trim().toLowerCase().startsWith("ko") ? "ko" : "en";
    }
}
