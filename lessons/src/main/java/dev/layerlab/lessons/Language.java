package dev.layerlab.lessons;

import java.util.Locale;

/** A language a lesson is written in; {@link #code()} is the file suffix ({@code lesson.ko.md}). */
public enum Language {
    KO, EN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String fileName() {
        return "lesson." + code() + ".md";
    }
}
