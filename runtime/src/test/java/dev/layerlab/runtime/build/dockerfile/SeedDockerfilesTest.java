package dev.layerlab.runtime.build.dockerfile;

import dev.layerlab.runtime.build.dockerfile.Command.*;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every Dockerfile of the tutorials in /work/shared/seeds, copied verbatim into
 * {@code seed-dockerfiles/seed<seed>-<n>.Dockerfile} (seed003 describes its Dockerfile in prose).
 */
class SeedDockerfilesTest {
    private static final String APT_RUN = "RUN apt-get update     && apt-get install -y         curl         python-dev";
    private static final Run APT = new Run(3, APT_RUN, List.of(APT_RUN.substring(4)), true, List.of());

    private static Stage only(String file) {
        String text;
        try (InputStream in = SeedDockerfilesTest.class.getResourceAsStream("/seed-dockerfiles/" + file)) {
            assertNotNull(in, file);
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Dockerfile df = Dockerfile.parse(text);
        assertEquals('\\', df.escape());
        assertEquals(List.of(), df.metaArgs());
        assertEquals(1, df.stages().size());
        assertEquals(0, df.stages().getFirst().index());
        assertEquals(null, df.stages().getFirst().name());
        return df.stages().getFirst();
    }

    private static From from(int line, String image) {
        return new From(line, "FROM " + image, image, null, null);
    }

    private static Copy copy(int line, String original, String source, String dest) {
        return new Copy(line, original, List.of(source), dest, null, null, null, List.of());
    }

    private static Run run(int line, String command) {
        return new Run(line, "RUN " + command, List.of(command), true, List.of());
    }

    private static Cmd exec(int line, String original, String... args) {
        return new Cmd(line, original, List.of(args), false);
    }

    private static final List<Command> NODE_HEAD = List.of(
            new Workdir(3, "WORKDIR /app", "/app"),
            copy(5, "COPY package.json .", "package.json", "."),
            run(7, "npm install"),
            copy(9, "COPY . .", ".", "."));

    private static List<Command> node(Command... tail) {
        List<Command> all = new java.util.ArrayList<>(NODE_HEAD);
        all.addAll(List.of(tail));
        return all;
    }

    @Test
    void seed000NodeApps() {
        Stage s1 = only("seed000-1.Dockerfile");
        assertEquals(from(1, "node:14-alpine"), s1.from());
        assertEquals(node(new Expose(11, "EXPOSE 80", List.of("80")), exec(13, "CMD [\"node\", \"app.js\"]", "node", "app.js")),
                s1.commands());

        assertEquals(node(new Expose(11, "EXPOSE 80", List.of("80")),
                        new Volume(13, "VOLUME [\"/app/feedback\"]", List.of("/app/feedback")),
                        exec(15, "CMD [\"node\", \"app.js\"]", "node", "app.js")),
                only("seed000-2.Dockerfile").commands());

        assertEquals(node(new Env(11, "ENV PORT 80", List.of(new KeyValue("PORT", "80"))),
                        new Expose(13, "EXPOSE $PORT", List.of("$PORT")),
                        new Volume(15, "VOLUME [\"/app/feedback\"]", List.of("/app/feedback")),
                        exec(17, "CMD [\"node\", \"app.js\"]", "node", "app.js")),
                only("seed000-3.Dockerfile").commands());

        assertEquals(node(new Arg(11, "ARG DEFAULT_PORT=80", List.of(new ArgDef("DEFAULT_PORT", "80"))),
                        new Env(13, "ENV PORT $DEFAULT_PORT", List.of(new KeyValue("PORT", "$DEFAULT_PORT"))),
                        new Expose(15, "EXPOSE $PORT", List.of("$PORT")),
                        new Volume(17, "VOLUME [\"/app/feedback\"]", List.of("/app/feedback")),
                        exec(19, "CMD [\"node\", \"app.js\"]", "node", "app.js")),
                only("seed000-4.Dockerfile").commands());
    }

    @Test
    void seed001HelloPy() {
        Stage s1 = only("seed001-1.Dockerfile");
        assertEquals(from(2, "ubuntu:18.04"), s1.from());
        Run apt = new Run(4, APT.original(), APT.args(), true, List.of());
        assertEquals(List.of(apt,
                new Workdir(9, "WORKDIR /root", "/root"),
                copy(10, "COPY hello.py  .", "hello.py", "."),
                new Env(11, "ENV my_ver 1.0", List.of(new KeyValue("my_ver", "1.0"))),
                exec(13, "CMD [\"python\", \"hello.py\", \"guest\"]", "python", "hello.py", "guest")), s1.commands());

        Stage s2 = only("seed001-2.Dockerfile");
        assertEquals(from(1, "ubuntu:18.04"), s2.from());
        assertEquals(List.of(APT,
                new Arg(8, "ARG my_ver=1.0", List.of(new ArgDef("my_ver", "1.0"))),
                new Workdir(10, "WORKDIR /root", "/root"),
                copy(11, "COPY hello.py  .", "hello.py", "."),
                new Env(12, "ENV my_ver 1.0", List.of(new KeyValue("my_ver", "1.0"))),
                exec(14, "CMD [\"python\", \"hello.py\", \"guest\"]", "python", "hello.py", "guest")), s2.commands());

        assertEquals(List.of(APT,
                new Workdir(8, "WORKDIR /root", "/root"),
                copy(9, "COPY hello.py .", "hello.py", "."),
                new Env(10, "ENV my_ver 1.0", List.of(new KeyValue("my_ver", "1.0"))),
                new Entrypoint(12, "ENTRYPOINT [\"python\", \"hello.py\", \"guest\"]", List.of("python", "hello.py", "guest"), false)),
                only("seed001-3.Dockerfile").commands());

        assertEquals(new Entrypoint(12, "ENTRYPOINT [\"python\", \"hello.py\"]", List.of("python", "hello.py"), false),
                only("seed001-4.Dockerfile").commands().getLast());
    }

    @Test
    void seed001AddUser() {
        Stage s = only("seed001-5.Dockerfile");
        assertEquals(from(3, "ubuntu:18.04"), s.from());
        assertEquals(List.of(run(7, "adduser --disabled-password --gecos \"\" ubuntu"), new User(10, "USER ubuntu", "ubuntu")),
                s.commands());
    }

    @Test
    void seed003UbuntuGit() {
        Stage s = only("seed003-1.Dockerfile");
        assertEquals(from(1, "ubuntu:latest"), s.from());
        assertEquals(List.of(run(2, "apt-get update"), run(3, "apt-get install -y git")), s.commands());
    }

    @Test
    void seed004UbuntuPython() {
        Stage s = only("seed004-1.Dockerfile");
        assertEquals(from(2, "ubuntu:20.04"), s.from());
        String install = "apt-get update && apt-get install -y     build-essential     curl     wget     vim     python3"
                + "     python3-pip     python3-venv     && rm -rf /var/lib/apt/lists/*";
        assertEquals(List.of(
                new Label(5, "LABEL maintainer=\"your_email@example.com\"", List.of(new KeyValue("maintainer", "\"your_email@example.com\""))),
                new Env(8, "ENV DEBIAN_FRONTEND=noninteractive", List.of(new KeyValue("DEBIAN_FRONTEND", "noninteractive"))),
                run(11, install),
                run(22, "pip3 install --upgrade pip"),
                new Workdir(25, "WORKDIR /app", "/app"),
                copy(28, "COPY requirements.txt .", "requirements.txt", "."),
                run(31, "pip install --no-cache-dir -r requirements.txt"),
                copy(34, "COPY . .", ".", "."),
                exec(37, "CMD [\"python3\", \"app.py\"]", "python3", "app.py")), s.commands());
    }
}
