package dev.layerlab.runtime.build.dockerfile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Cases follow buildkit's shell/envVarTest and wordsTest where they apply to Docker 20.10. */
class ShellLexTest {
    private static final Map<String, String> ENV = Map.of(
            "PWD", "/home", "SHELL", "bash", "EMPTY", "", "SPACED", "a  b", "X", "x");
    private static final Function<String, String> LOOKUP = ENV::get;

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', emptyValue = "", nullValues = "<null>", textBlock = """
            # input                      | expected
            hello                        | hello
            he'll'o                      | hello
            'he  llo'                    | he  llo
            "he  llo"                    | he  llo
            'a\\b'                       | a\\b
            "a\\b"                       | a\\b
            "a\\\\b"                     | a\\b
            "a\\"b"                      | a"b
            "a\\$PWD"                    | a$PWD
            "a\\xb"                      | a\\xb
            a\\ b                        | a b
            a\\'b                        | a'b
            \\$PWD                       | $PWD
            $PWD                         | /home
            ${PWD}                       | /home
            "$PWD"                       | /home
            '$PWD'                       | $PWD
            $PWD/x                       | /home/x
            ${PWD}x                      | /homex
            $PWDx                        | ``
            $UNSET                       | ``
            ${UNSET}                     | ``
            $                            | $
            a$                           | a$
            $1                           | ``
            ${UNSET:-def}                | def
            ${EMPTY:-def}                | def
            ${EMPTY-def}                 | ``
            ${UNSET-def}                 | def
            ${PWD:-def}                  | /home
            ${UNSET:-$PWD}               | /home
            ${UNSET:-${SHELL}x}          | bashx
            ${UNSET:-'q d'}              | q d
            ${UNSET:-a\\}b}              | a}b
            ${PWD:+alt}                  | alt
            ${EMPTY:+alt}                | ``
            ${EMPTY+alt}                 | alt
            ${UNSET+alt}                 | ``
            ${UNSET:+alt}                | ``
            ${PWD:?msg}                  | /home
            ${EMPTY?msg}                 | ``
            "${SPACED}"                  | a  b
            $SPACED                      | a  b
            a"b c"'d e'f                 | ab cd ef
            `"${UNSET:-x y}"`            | x y
            a\\                          | a
            """)
    void processWord(String input, String expected) {
        assertEquals(expected, new ShellLex('\\').processWord(input, LOOKUP));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', emptyValue = "", textBlock = """
            # input                  | words, comma-separated
            hello world              | hello,world
            `  hello   world  `      | hello,world
            `'  hello   world  '`    | `  hello   world  `
            `'a b' c`                | a b,c
            `"a b"  c`               | a b,c
            a\\ b c                  | a b,c
            $SPACED                  | a,b
            `"$SPACED"`              | a  b
            x$SPACED                 | xa,b
            `'' a`                   | a
            `8080 ${UNSET} 443/udp`  | 8080,443/udp
            """)
    void processWords(String input, String expected) {
        List<String> words = new ShellLex('\\').processWords(input, LOOKUP);
        assertEquals(Arrays.asList(expected.split(",")), words);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # input             | message
            ${UNSET:?}          | failed to process "${UNSET:?}": UNSET: is not allowed to be unset
            ${UNSET:?oops}      | failed to process "${UNSET:?oops}": UNSET: oops
            ${EMPTY:?}          | failed to process "${EMPTY:?}": EMPTY: is not allowed to be empty
            ${UNSET?}           | failed to process "${UNSET?}": UNSET: is not allowed to be unset
            ${PWD:x}            | failed to process "${PWD:x}": unsupported modifier (x) in substitution
            ${PWD#x}            | failed to process "${PWD#x}": unsupported modifier (#) in substitution
            ${PWD               | failed to process "${PWD": syntax error: missing '}'
            ${PWD:-x            | failed to process "${PWD:-x": syntax error: missing '}'
            ${                  | failed to process "${": syntax error: missing '}'
            ${}                 | failed to process "${}": syntax error: bad substitution
            ${:-x}              | failed to process "${:-x}": syntax error: bad substitution
            'abc                | failed to process "'abc": unexpected end of statement while looking for matching single-quote
            `"abc`              | failed to process "\\"abc": unexpected end of statement while looking for matching double-quote
            """)
    void errors(String input, String message) {
        DockerfileException e = assertThrows(DockerfileException.class,
                () -> new ShellLex('\\').processWord(input, LOOKUP));
        assertEquals(message, e.getMessage());
    }

    @Test
    void backtickEscape() {
        ShellLex lex = new ShellLex('`');
        assertEquals("a b", lex.processWord("a` b", LOOKUP));
        assertEquals("C:\\dir", lex.processWord("C:\\dir", LOOKUP));
        assertEquals("a\"b", lex.processWord("\"a`\"b\"", LOOKUP));
        assertEquals("$PWD", lex.processWord("`$PWD", LOOKUP));
        assertEquals(List.of("a b", "c"), lex.processWords("a` b c", LOOKUP));
    }
}
