package dev.layerlab.lessons;

/** A lesson file that breaks the format; the message starts with {@code file:line:}. */
public final class LessonFormatException extends RuntimeException {
    public LessonFormatException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
    }
}
