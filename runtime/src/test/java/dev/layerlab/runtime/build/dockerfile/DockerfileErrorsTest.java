package dev.layerlab.runtime.build.dockerfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every message is Docker 20.10's (moby v20.10.27 + its vendored buildkit parser); "\n" in inputs is a newline. */
class DockerfileErrorsTest {
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # Dockerfile                                    | message
            FROM a\\nRUN x\\nFOO bar                          | dockerfile parse error line 3: unknown instruction: FOO
            FROM a\\nfoo bar \\\\\\n  baz                     | dockerfile parse error line 2: unknown instruction: FOO
            FROM a\\nCOPY --foo=1 a b                        | dockerfile parse error line 2: Unknown flag: foo
            FROM a\\nCOPY --from a b                         | dockerfile parse error line 2: Missing a value on flag: from
            FROM a\\nCOPY --from=x --from=y a b              | dockerfile parse error line 2: Duplicate flag specified: from
            FROM a\\nADD --from=x a b                        | dockerfile parse error line 2: Unknown flag: from
            FROM a\\nRUN --network=none true                 | dockerfile parse error line 2: Unknown flag: network
            FROM a\\nRUN --mount=type=cache,target=/x true   | dockerfile parse error line 2: the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled
            FROM a\\nWORKDIR --x=1 /a                        | dockerfile parse error line 2: Unknown flag: x
            FROM --platfrm=linux a                          | dockerfile parse error line 1: Unknown flag: platfrm
            FROM                                            | dockerfile parse error line 1: FROM requires either one or three arguments
            FROM a b                                        | dockerfile parse error line 1: FROM requires either one or three arguments
            FROM a AS b c                                   | dockerfile parse error line 1: FROM requires either one or three arguments
            FROM a TO b                                     | dockerfile parse error line 1: FROM requires either one or three arguments
            FROM a AS 1st                                   | dockerfile parse error line 1: invalid name for build stage: "1st", name can't start with a number or contain symbols
            FROM a AS My$tage                               | dockerfile parse error line 1: invalid name for build stage: "My$tage", name can't start with a number or contain symbols
            FROM a\\nENV                                     | dockerfile parse error line 2: ENV requires at least one argument
            FROM a\\nENV =x                                  | dockerfile parse error line 2: ENV names can not be blank
            FROM a\\nLABEL                                   | dockerfile parse error line 2: LABEL requires at least one argument
            FROM a\\nLABEL =x                                | dockerfile parse error line 2: LABEL names can not be blank
            FROM a\\nARG                                     | dockerfile parse error line 2: ARG requires at least one argument
            FROM a\\nARG =x                                  | dockerfile parse error line 2: ARG names can not be blank
            FROM a\\nCOPY a                                  | dockerfile parse error line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined
            FROM a\\nADD a                                   | dockerfile parse error line 2: ADD requires at least two arguments, but only one was provided. Destination could not be determined
            FROM a\\nCOPY a <<EOF\\nx\\nEOF                   | dockerfile parse error line 2: COPY cannot accept a heredoc as a destination
            FROM a\\nWORKDIR                                 | dockerfile parse error line 2: WORKDIR requires exactly one argument
            FROM a\\nUSER                                    | dockerfile parse error line 2: USER requires exactly one argument
            FROM a\\nMAINTAINER                              | dockerfile parse error line 2: MAINTAINER requires exactly one argument
            FROM a\\nSTOPSIGNAL                              | dockerfile parse error line 2: STOPSIGNAL requires exactly one argument
            FROM a\\nEXPOSE                                  | dockerfile parse error line 2: EXPOSE requires at least one argument
            FROM a\\nVOLUME                                  | dockerfile parse error line 2: VOLUME requires at least one argument
            FROM a\\nVOLUME ["/a", " "]                      | dockerfile parse error line 2: VOLUME specified can not be an empty string
            FROM a\\nSHELL                                   | dockerfile parse error line 2: SHELL requires at least one argument
            FROM a\\nSHELL []                                | dockerfile parse error line 2: SHELL requires at least one argument
            FROM a\\nSHELL /bin/sh -c                        | dockerfile parse error line 2: SHELL requires the arguments to be in JSON form
            FROM a\\nONBUILD                                 | dockerfile parse error line 2: ONBUILD requires at least one argument
            FROM a\\nONBUILD ONBUILD RUN x                   | dockerfile parse error line 2: Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed
            FROM a\\nONBUILD FROM b                          | dockerfile parse error line 2: FROM isn't allowed as an ONBUILD trigger
            FROM a\\nonbuild maintainer me                   | dockerfile parse error line 2: MAINTAINER isn't allowed as an ONBUILD trigger
            FROM a\\nHEALTHCHECK                             | dockerfile parse error line 2: HEALTHCHECK requires at least one argument
            FROM a\\nHEALTHCHECK NONE x                      | dockerfile parse error line 2: HEALTHCHECK NONE takes no arguments
            FROM a\\nHEALTHCHECK CMD                         | dockerfile parse error line 2: Missing command after HEALTHCHECK CMD
            FROM a\\nHEALTHCHECK RUN x                       | dockerfile parse error line 2: Unknown type "RUN" in HEALTHCHECK (try CMD)
            FROM a\\nHEALTHCHECK --interval=0s CMD x         | dockerfile parse error line 2: Interval "interval" cannot be less than 1ms
            FROM a\\nHEALTHCHECK --timeout=5 CMD x           | dockerfile parse error line 2: time: missing unit in duration "5"
            FROM a\\nHEALTHCHECK --start-period=5x CMD x     | dockerfile parse error line 2: time: unknown unit "x" in duration "5x"
            FROM a\\nHEALTHCHECK --interval=abc CMD x        | dockerfile parse error line 2: time: invalid duration "abc"
            FROM a\\nHEALTHCHECK --retries=0 CMD x           | dockerfile parse error line 2: --retries must be at least 1 (not 0)
            FROM a\\nHEALTHCHECK --retries=two CMD x         | dockerfile parse error line 2: strconv.ParseInt: parsing "two": invalid syntax
            FROM a\\nHEALTHCHECK --retry=3 CMD x             | dockerfile parse error line 2: Unknown flag: retry
            RUN echo hi                                     | no build stage in current context
            ARG V=1\\nENV A=b                                | no build stage in current context
            ARG V=1                                         | No image was generated. Is your Dockerfile empty?
            `  \\n\\n`                                        | failed to parse Dockerfile: file with no instructions
            FROM a\\nENV A                                   | failed to parse Dockerfile: ENV must have two arguments
            FROM a\\nLABEL A                                 | failed to parse Dockerfile: LABEL must have two arguments
            FROM a\\nENV A=1 B                               | failed to parse Dockerfile: Syntax error - can't find = in "B". Must be of the form: name=value
            FROM a\\nCMD ["a", 1]                            | failed to parse Dockerfile: when using JSON array syntax, arrays must be comprised of strings only
            FROM a\\nCOPY ["a", null, "/b"]                  | failed to parse Dockerfile: when using JSON array syntax, arrays must be comprised of strings only
            FROM a\\nRUN cat <<EOF\\nno end                   | failed to parse Dockerfile: unterminated heredoc
            """)
    void messages(String dockerfile, String message) {
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> Dockerfile.parse(dockerfile.replace("\\n", "\n")));
        assertEquals(message, e.getMessage());
    }

    /** Rows starting with '#' would be CSV comments, so the directive cases live here. */
    @Test
    void directivesAndComments() {
        assertMessage("# only a comment\n", "failed to parse Dockerfile: file with no instructions");
        assertMessage("# escape=x\nFROM a\n", "failed to parse Dockerfile: invalid escape token 'x' does not match ` or \\");
        assertMessage("# escape=\\\n# escape=`\nFROM a\n", "failed to parse Dockerfile: only one escape parser directive can be used");
        assertMessage("# syntax=docker/dockerfile:1\n#SYNTAX=x\nFROM a\n", "failed to parse Dockerfile: only one syntax parser directive can be used");
    }

    private static void assertMessage(String dockerfile, String message) {
        assertEquals(message, assertThrows(DockerfileException.class, () -> Dockerfile.parse(dockerfile)).getMessage());
    }

    @Test
    void emptyFileNamesTheFile() {
        assertEquals("the Dockerfile (Dockerfile) cannot be empty",
                assertThrows(DockerfileException.class, () -> Dockerfile.parse("")).getMessage());
        assertEquals("the Dockerfile (build/app.Dockerfile) cannot be empty",
                assertThrows(DockerfileException.class, () -> Dockerfile.parse("", "build/app.Dockerfile")).getMessage());
        assertEquals("failed to parse app.Dockerfile: file with no instructions",
                assertThrows(DockerfileException.class, () -> Dockerfile.parse("\n", "app.Dockerfile")).getMessage());
    }

    @Test
    void lineParserErrorsComeBeforeInstructionErrors() {
        // Docker parses the whole file into an AST first, so a bad ENV on line 3 wins over FOO on line 2.
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> Dockerfile.parse("FROM a\nFOO x\nENV B\n"));
        assertEquals("failed to parse Dockerfile: ENV must have two arguments", e.getMessage());
    }

    @Test
    void isAnInvalidArgument() {
        assertThrows(dev.layerlab.runtime.error.InvalidArgumentException.class, () -> Dockerfile.parse("FOO"));
    }
}
