package dev.layerlab.server.web;

import dev.layerlab.server.session.Learner;
import dev.layerlab.server.session.Sessions;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.util.Optional;

/** The learner behind a request: the session cookie, made (with a new learner) on the first visit. */
final class LearnerCookie {
    private static final int ONE_YEAR = 365 * 24 * 3600;

    private LearnerCookie() {
    }

    /** The learner of this request, a new one (cookie set) if there is none. */
    static Learner of(Context ctx, Sessions sessions) {
        Optional<Learner> known = sessions.find(ctx.cookie(Sessions.COOKIE));
        if (known.isPresent()) {
            return known.get();
        }
        Learner learner = sessions.create(preferredLanguage(ctx.header("Accept-Language")));
        Cookie cookie = new Cookie(Sessions.COOKIE, learner.id(), "/", ONE_YEAR, false, true, null, SameSite.LAX);
        ctx.cookie(cookie);
        return learner;
    }

    /** The learner of this request if it has one (never makes one). */
    static Optional<Learner> existing(Context ctx, Sessions sessions) {
        return sessions.find(ctx.cookie(Sessions.COOKIE));
    }

    /** Korean for browsers that ask for it first, English otherwise. */
    static String preferredLanguage(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.trim().toLowerCase().startsWith("ko") ? "ko" : "en";
    }
}
