package dev.layerlab.server.web;

import org.thymeleaf.context.ITemplateContext;
import org.thymeleaf.messageresolver.IMessageResolver;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The pages' own words in Korean and English ({@code i18n/messages_ko.properties}, {@code _en}); lesson
 * text comes from the lessons. A missing key shows as {@code ??key??}, so it is noticed.
 */
final class Messages implements IMessageResolver {
    static final String[] LANGUAGES = {"ko", "en"};

    static boolean supported(String lang) {
        return "ko".equals(lang) || "en".equals(lang);
    }

    static String text(String lang, String key, Object... args) {
        ResourceBundle bundle = ResourceBundle.getBundle("i18n.messages", Locale.forLanguageTag(lang),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        try {
            String pattern = bundle.getString(key);
            return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.forLanguageTag(lang)).format(args);
        } catch (MissingResourceException e) {
            return "??" + key + "??";
        }
    }

    @Override
    public String getName() {
        return "layerlab-messages";
    }

    @Override
    public Integer getOrder() {
        return 0;
    }

    @Override
    public String resolveMessage(ITemplateContext context, Class<?> origin, String key, Object[] args) {
        return text(context.getLocale().getLanguage(), key, args == null ? new Object[0] : args);
    }

    @Override
    public String createAbsentMessageRepresentation(ITemplateContext context, Class<?> origin, String key, Object[] args) {
        return "??" + key + "??";
    }
}
