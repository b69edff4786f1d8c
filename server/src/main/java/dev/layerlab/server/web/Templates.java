package dev.layerlab.server.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;

/**
 * Renders the pages: Thymeleaf templates from {@code templates/} on the classpath, UI words from
 * {@link Messages} in the learner's language (the {@code lang} model value).
 */
final class Templates implements FileRenderer {
    private final TemplateEngine engine = new TemplateEngine();

    Templates() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        engine.setMessageResolver(new Messages());
    }

    @Override
    public String render(String template, Map<String, ?> model, Context ctx) {
        Object lang = model.get("lang");
        org.thymeleaf.context.Context context = new org.thymeleaf.context.Context(
                Locale.forLanguageTag(lang == null ? "en" : lang.toString()));
        model.forEach(context::setVariable);
        return engine.process(template, context);
    }
}
