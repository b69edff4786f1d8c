package dev.layerlab.runtime.build.dockerfile;

import dev.layerlab.runtime.build.dockerfile.Command.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DockerfileParseTest {
    /** The commands of the only stage. */
    private static List<Command> commands(String text) {
        Dockerfile df = Dockerfile.parse(text);
        assertEquals(1, df.stages().size(), "stages");
        return df.stages().getFirst().commands();
    }

    private static Command only(String instruction) {
        List<Command> commands = commands("FROM a\n" + instruction + "\n");
        assertEquals(1, commands.size(), "commands");
        return commands.getFirst();
    }

    @Test
    void commentsBlankLinesAndContinuations() {
        List<Command> cmds = commands("""
                # leading comment
                FROM busybox

                  # indented comment
                RUN echo a \\
                # a comment inside the continuation
                    && echo b \\

                    && echo c
                   WORKDIR   /x  \s
                """);
        assertEquals(List.of(
                new Run(5, "RUN echo a     && echo b     && echo c", List.of("echo a     && echo b     && echo c"), true, List.of()),
                new Workdir(10, "WORKDIR   /x   ", "/x")), cmds);
    }

    @Test
    void continuationAtEndOfFileAndLoneEscapeLine() {
        assertEquals(List.of(new Run(2, "RUN a b", List.of("a b"), true, List.of())), commands("FROM x\nRUN a \\\n\\\nb"));
        assertEquals(List.of(new Run(2, "RUN echo ", List.of("echo"), true, List.of())), commands("FROM x\nRUN echo \\"));
    }

    @Test
    void crlfLineEndingsAndBom() {
        Dockerfile df = Dockerfile.parse("\uFEFFFROM a\r\nRUN x \\\r\n  y\r\n");
        assertEquals(new From(1, "FROM a", "a", null, null), df.stages().getFirst().from());
        assertEquals(List.of(new Run(2, "RUN x   y", List.of("x   y"), true, List.of())), df.stages().getFirst().commands());
    }

    @Test
    void escapeDirectiveBacktick() {
        Dockerfile df = Dockerfile.parse("# escape=`\nFROM windows\nRUN dir C:\\ `\n  /b\nCOPY a` b c\n");
        assertEquals('`', df.escape());
        assertEquals(List.of(
                new Run(3, "RUN dir C:\\   /b", List.of("dir C:\\   /b"), true, List.of()),
                new Copy(5, "COPY a` b c", List.of("a`", "b"), "c", null, null, null, List.of())),
                df.stages().getFirst().commands());
    }

    @Test
    void directivesAreCaseInsensitiveAndOnlyAtTheTop() {
        assertEquals('`', Dockerfile.parse("# SYNTAX = docker/dockerfile:1\n#Escape = `\nFROM a\n").escape());
        assertEquals('\\', Dockerfile.parse("# escape=\\\nFROM a\n").escape());
        // after an ordinary comment, after a blank line or after an instruction it is just a comment
        assertEquals('\\', Dockerfile.parse("# hello\n# escape=`\nFROM a\n").escape());
        assertEquals('\\', Dockerfile.parse("\n# escape=`\nFROM a\n").escape());
        assertEquals(List.of(new Run(3, "RUN dir `", List.of("dir `"), true, List.of())),
                commands("FROM a\n# escape=`\nRUN dir `\n"));
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertEquals(List.of(new Run(2, "run echo", List.of("echo"), true, List.of()), new Workdir(3, "WorkDir /b", "/b")),
                commands("from a\nrun echo\nWorkDir /b\n"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # instruction                         | shell form | args joined by ' ; '
            CMD ["node", "app.js"]                | false      | node ; app.js
            CMD [ "a b" ,"c" ]                    | false      | a b ; c
            CMD []                                | false      | ``
            CMD [a, b]                            | true       | [a, b]
            CMD ['a']                             | true       | ['a']
            CMD ["a"] trailing                    | true       | ["a"] trailing
            CMD {"a": 1}                          | true       | {"a": 1}
            CMD node app.js                       | true       | node app.js
            CMD                                   | true       | ``
            ENTRYPOINT ["python", "hello.py"]     | false      | python ; hello.py
            ENTRYPOINT python  hello.py           | true       | python  hello.py
            RUN ["/bin/sh", "-c", "echo $HOME"]   | false      | /bin/sh ; -c ; echo $HOME
            RUN echo "a  b" 'c'                   | true       | echo "a  b" 'c'
            RUN ["a\\"b", "\\u00e9"]              | false      | a"b ; é
            """)
    void shellAndExecForm(String instruction, boolean shellForm, String joined) {
        Command c = only(instruction);
        List<String> expected = joined.isEmpty() ? List.of() : List.of(joined.split(" ; "));
        switch (c) {
            case Cmd cmd -> assertEquals(new Cmd(2, instruction, expected, shellForm), cmd);
            case Entrypoint e -> assertEquals(new Entrypoint(2, instruction, expected, shellForm), e);
            case Run r -> assertEquals(new Run(2, instruction, expected, shellForm, List.of()), r);
            default -> throw new AssertionError(c);
        }
    }

    @Test
    void copyAndAddFlagsAndForms() {
        assertEquals(new Copy(2, "COPY --from=build --chown=1:2 --chmod=755 a b /d/", List.of("a", "b"), "/d/", "build", "1:2", "755", List.of()),
                only("COPY --from=build --chown=1:2 --chmod=755 a b /d/"));
        assertEquals(new Copy(2, "COPY [\"a b\", \"c\", \"/dest dir/\"]", List.of("a b", "c"), "/dest dir/", null, null, null, List.of()),
                only("COPY [\"a b\", \"c\", \"/dest dir/\"]"));
        assertEquals(new Copy(2, "COPY hello.py  .", List.of("hello.py"), ".", null, null, null, List.of()),
                only("COPY hello.py  ."));
        // a word starting with a quote is not a flag, even if the quote holds one
        assertEquals(new Add(2, "ADD --chown=app \"--quoted\" x /y", List.of("\"--quoted\"", "x"), "/y", "app", null, List.of()),
                only("ADD --chown=app \"--quoted\" x /y"));
        assertEquals(new Add(2, "ADD -- --weird /y", List.of("--weird"), "/y", null, null, List.of()),
                only("ADD -- --weird /y"));
    }

    @Test
    void quotesInsideFlagsAreRemoved() {
        assertEquals(new Copy(2, "COPY --chown=\"a b\" x /y", List.of("x"), "/y", null, "a b", null, List.of()),
                only("COPY --chown=\"a b\" x /y"));
    }

    @Test
    void fromFormsAndStages() {
        Dockerfile df = Dockerfile.parse("""
                ARG BASE=alpine
                ARG TAG
                FROM --platform=linux/amd64 ${BASE}:${TAG} AS Build
                RUN make
                from scratch as final
                COPY --from=build /out /
                FROM build
                """);
        assertEquals(List.of(new Arg(1, "ARG BASE=alpine", List.of(new ArgDef("BASE", "alpine"))),
                new Arg(2, "ARG TAG", List.of(new ArgDef("TAG", null)))), df.metaArgs());
        assertEquals(3, df.stages().size());
        Stage build = df.stages().get(0);
        assertEquals(new Stage(0, "build", new From(3, "FROM --platform=linux/amd64 ${BASE}:${TAG} AS Build", "${BASE}:${TAG}", "build", "linux/amd64"),
                List.of(new Run(4, "RUN make", List.of("make"), true, List.of()))), build);
        assertEquals(new Stage(1, "final", new From(5, "from scratch as final", "scratch", "final", null),
                List.of(new Copy(6, "COPY --from=build /out /", List.of("/out"), "/", "build", null, null, List.of()))), df.stages().get(1));
        assertEquals(new Stage(2, null, new From(7, "FROM build", "build", null, null), List.of()), df.stages().get(2));
    }

    @Test
    void envAndLabelBothForms() {
        assertEquals(new Env(2, "ENV PORT 80", List.of(new KeyValue("PORT", "80"))), only("ENV PORT 80"));
        assertEquals(new Env(2, "ENV A  b  \"c d\"", List.of(new KeyValue("A", "b  \"c d\""))), only("ENV A  b  \"c d\""));
        assertEquals(new Env(2, "ENV A=1 B=\"x y\" C='$z' D= E=a\\ b", List.of(new KeyValue("A", "1"), new KeyValue("B", "\"x y\""),
                        new KeyValue("C", "'$z'"), new KeyValue("D", ""), new KeyValue("E", "a\\ b"))),
                only("ENV A=1 B=\"x y\" C='$z' D= E=a\\ b"));
        assertEquals(new Env(2, "ENV X=a=b", List.of(new KeyValue("X", "a=b"))), only("ENV X=a=b"));
        assertEquals(new Label(2, "LABEL maintainer=\"me@x.org\" version=1", List.of(new KeyValue("maintainer", "\"me@x.org\""), new KeyValue("version", "1"))),
                only("LABEL maintainer=\"me@x.org\" version=1"));
        assertEquals(new Label(2, "LABEL a b c", List.of(new KeyValue("a", "b c"))), only("LABEL a b c"));
    }

    @Test
    void argForms() {
        assertEquals(new Arg(2, "ARG a b=2 c=\"x y\" d=", List.of(new ArgDef("a", null), new ArgDef("b", "2"),
                new ArgDef("c", "\"x y\""), new ArgDef("d", ""))), only("ARG a b=2 c=\"x y\" d="));
    }

    @Test
    void simpleInstructions() {
        assertEquals(new Expose(2, "EXPOSE 8080 443/udp $PORT 80", List.of("$PORT", "443/udp", "80", "8080")),
                only("EXPOSE 8080 443/udp $PORT 80"));
        assertEquals(new Volume(2, "VOLUME [\"/app/feedback\", \"/b\"]", List.of("/app/feedback", "/b")), only("VOLUME [\"/app/feedback\", \"/b\"]"));
        assertEquals(new Volume(2, "VOLUME /a  /b", List.of("/a", "/b")), only("VOLUME /a  /b"));
        assertEquals(new Shell(2, "SHELL [\"/bin/bash\", \"-c\"]", List.of("/bin/bash", "-c")), only("SHELL [\"/bin/bash\", \"-c\"]"));
        assertEquals(new StopSignal(2, "STOPSIGNAL SIGTERM", "SIGTERM"), only("STOPSIGNAL SIGTERM"));
        assertEquals(new StopSignal(2, "STOPSIGNAL --ignored=1 9", "9"), only("STOPSIGNAL --ignored=1 9"));
        assertEquals(new Maintainer(2, "MAINTAINER Jane Doe <j@x.org>", "Jane Doe <j@x.org>"), only("MAINTAINER Jane Doe <j@x.org>"));
        assertEquals(new User(2, "USER ubuntu:staff", "ubuntu:staff"), only("USER ubuntu:staff"));
        assertEquals(new Workdir(2, "WORKDIR /my dir", "/my dir"), only("WORKDIR /my dir"));
    }

    @Test
    void healthcheck() {
        assertEquals(new Healthcheck(2, "HEALTHCHECK NONE", List.of("NONE"), null, null, null, null), only("HEALTHCHECK NONE"));
        assertEquals(new Healthcheck(2, "HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=1.5s --retries=3 CMD curl -f http://localhost/ || exit 1",
                        List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"), Duration.ofSeconds(90), Duration.ofMillis(500),
                        Duration.ofMillis(1500), 3),
                only("HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=1.5s --retries=3 CMD curl -f http://localhost/ || exit 1"));
        assertEquals(new Healthcheck(2, "healthcheck cmd [\"/bin/check\", \"-v\"]", List.of("CMD", "/bin/check", "-v"), null, null, null, null),
                only("healthcheck cmd [\"/bin/check\", \"-v\"]"));
    }

    @Test
    void onbuild() {
        Onbuild o = (Onbuild) only("ONBUILD RUN echo hi");
        assertEquals(new Onbuild(2, "ONBUILD RUN echo hi", "RUN echo hi"), o);
        assertEquals(new Run(7, "RUN echo hi", List.of("echo hi"), true, List.of()), Dockerfile.parseOnbuild(o.expression(), '\\', 7));
        Onbuild copy = (Onbuild) only("onbuild   COPY --chown=1 [\"a\", \"/b\"]");
        assertEquals("COPY --chown=1 [\"a\", \"/b\"]", copy.expression());
        assertEquals(new Copy(1, "COPY --chown=1 [\"a\", \"/b\"]", List.of("a"), "/b", null, "1", null, List.of()),
                Dockerfile.parseOnbuild(copy.expression(), '\\', 1));
    }

    @Test
    void onbuildWithHeredocRoundTrips() {
        Onbuild o = (Onbuild) only("ONBUILD RUN <<EOF\necho hi\nEOF");
        assertEquals("RUN <<EOF\necho hi\nEOF", o.expression());
        assertEquals(new Run(3, "RUN <<EOF", List.of("<<EOF"), true, List.of(new Heredoc("EOF", "echo hi\n", true, false))),
                Dockerfile.parseOnbuild(o.expression(), '\\', 3));
    }

    @Test
    void onbuildTriggerErrors() {
        assertEquals("onbuild trigger should be a single expression",
                org.junit.jupiter.api.Assertions.assertThrows(DockerfileException.class,
                        () -> Dockerfile.parseOnbuild("RUN a\nRUN b", '\\', 1)).getMessage());
        assertEquals("unknown instruction: FOO",
                org.junit.jupiter.api.Assertions.assertThrows(DockerfileException.class,
                        () -> Dockerfile.parseOnbuild("FOO bar", '\\', 1)).getMessage());
        assertEquals("FROM isn't allowed as an ONBUILD trigger",
                org.junit.jupiter.api.Assertions.assertThrows(DockerfileException.class,
                        () -> Dockerfile.parseOnbuild("FROM x", '\\', 1)).getMessage());
    }

    @Test
    void unknownFlagValuesOfEmptyStringReadAsNotGiven() {
        Copy c = (Copy) only("COPY --from= a b");
        assertNull(c.from());
    }
}
