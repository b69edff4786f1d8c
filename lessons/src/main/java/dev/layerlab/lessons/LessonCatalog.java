package dev.layerlab.lessons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every lesson: directories {@code <NN>-<id>/} holding {@code lesson.ko.md} and {@code lesson.en.md}
 * (the format is in lessons/README.md), validated on load, ordered by their {@code order}.
 */
public final class LessonCatalog {
    private final List<Lesson> lessons;

    private LessonCatalog(List<Lesson> lessons) {
        this.lessons = List.copyOf(lessons);
    }

    /** The lessons bundled on the classpath under {@code lessons/}. */
    public static LessonCatalog load() {
        URL url = LessonCatalog.class.getClassLoader().getResource("lessons");
        if (url == null) {
            throw new IllegalStateException("no 'lessons' directory on the classpath");
        }
        try {
            URI uri = url.toURI();
            if (!uri.getScheme().equals("jar")) {
                return load(Path.of(uri));
            }
            try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                return load(fs.getPath("lessons"));
            } catch (FileSystemAlreadyExistsException e) {
                return load(FileSystems.getFileSystem(uri).getPath("lessons"));
            }
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the lessons at " + url, e);
        }
    }

    /** The lessons in the directories under {@code root}. */
    public static LessonCatalog load(Path root) {
        List<Lesson> lessons = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                lessons.add(loadLesson(dir, "lessons/" + dir.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lessons.sort(Comparator.comparingInt(Lesson::order));
        for (int i = 1; i < lessons.size(); i++) {
            if (lessons.get(i).order() == lessons.get(i - 1).order()) {
                throw new IllegalStateException("lessons " + lessons.get(i - 1).id() + " and " + lessons.get(i).id()
                        + " have the same order " + lessons.get(i).order());
            }
        }
        return new LessonCatalog(lessons);
    }

    private static Lesson loadLesson(Path dir, String name) throws IOException {
        Map<Language, LessonText> texts = new EnumMap<>(Language.class);
        Map<Language, LessonParser.Parsed> parsed = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            Path path = dir.resolve(language.fileName());
            String file = name + "/" + language.fileName();
            if (!Files.exists(path)) {
                throw new LessonFormatException(file, 0, "missing: every lesson is written in " + List.of(Language.values()));
            }
            LessonParser.Parsed p = LessonParser.parse(file, Files.readString(path, StandardCharsets.UTF_8));
            parsed.put(language, p);
            texts.put(language, p.text());
        }
        LessonParser.Parsed ko = parsed.get(Language.KO);
        Map<String, String> meta = ko.meta().values();
        String dirName = dir.getFileName().toString().replaceAll("/$", "");
        String expected = String.format("%02d-%s", ko.meta().order(name), meta.get("id"));
        if (!dirName.equals(expected)) {
            throw new LessonFormatException(name + "/" + Language.KO.fileName(), 1,
                    "the directory of lesson '" + meta.get("id") + "' must be named " + expected);
        }
        for (Language language : Language.values()) {
            LessonTranslations.check(name + "/" + language.fileName(), ko, parsed.get(language));
        }
        return new Lesson(meta.get("id"), ko.meta().order(name), meta.get("seed"), texts);
    }

    public List<Lesson> lessons() {
        return lessons;
    }

    public Optional<Lesson> get(String id) {
        return lessons.stream().filter(l -> l.id().equals(id)).findFirst();
    }
}
