package dev.layerlab.runtime.build.dockerfile;

import dev.layerlab.runtime.build.dockerfile.Command.*;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeredocTest {
    private static List<Command> commands(String text) {
        return Dockerfile.parse(text).stages().getFirst().commands();
    }

    @Test
    void runHeredoc() {
        assertEquals(List.of(
                new Run(2, "RUN <<EOF", List.of("<<EOF"), true, List.of(new Heredoc("EOF", "apt-get update\napt-get install -y curl\n", true, false))),
                new Workdir(6, "WORKDIR /x", "/x")),
                commands("FROM a\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nWORKDIR /x\n"));
    }

    @Test
    void chompStripsLeadingTabsOfBodyAndTerminator() {
        Run run = (Run) commands("FROM a\nRUN <<-EOT bash\n\techo $HOME\n\t\tdone\n\tEOT\n").getFirst();
        assertEquals(List.of("<<-EOT bash"), run.args());
        Heredoc doc = run.heredocs().getFirst();
        assertEquals(new Heredoc("EOT", "\techo $HOME\n\t\tdone\n", true, true), doc);
        assertEquals("echo $HOME\ndone\n", doc.chompedContent());
    }

    @Test
    void quotedDelimiterDisablesExpansion() {
        assertEquals(new Heredoc("EOF", "$x\n", false, false), ((Run) commands("FROM a\nRUN <<\"EOF\"\n$x\nEOF\n").getFirst()).heredocs().getFirst());
        assertEquals(new Heredoc("EOF", "$x\n", false, false), ((Run) commands("FROM a\nRUN <<'EOF'\n$x\nEOF\n").getFirst()).heredocs().getFirst());
        assertEquals(new Heredoc("EOF", "$x\n", false, false), ((Run) commands("FROM a\nRUN <<E\"O\"F\n$x\nEOF\n").getFirst()).heredocs().getFirst());
    }

    @Test
    void severalHeredocsInOneInstruction() {
        Run run = (Run) commands("FROM a\nRUN <<FILE1 cat > /f1 && <<FILE2 cat > /f2\none\nFILE1\ntwo\nFILE2\nUSER x\n").getFirst();
        assertEquals(List.of(new Heredoc("FILE1", "one\n", true, false), new Heredoc("FILE2", "two\n", true, false)), run.heredocs());
        assertEquals(List.of("<<FILE1 cat > /f1 && <<FILE2 cat > /f2"), run.args());
    }

    @Test
    void copyHeredocs() {
        List<Command> cmds = commands("FROM a\nCOPY <<EOF /dest/file\nhello $NAME\nEOF\n"
                + "COPY --chmod=644 <<one.txt <<two.txt src.txt /dir/\n1\none.txt\n2\ntwo.txt\nRUN x\n");
        assertEquals(List.of(
                new Copy(2, "COPY <<EOF /dest/file", List.of(), "/dest/file", null, null, null, List.of(new Heredoc("EOF", "hello $NAME\n", true, false))),
                new Copy(5, "COPY --chmod=644 <<one.txt <<two.txt src.txt /dir/", List.of("src.txt"), "/dir/", null, null, "644",
                        List.of(new Heredoc("one.txt", "1\n", true, false), new Heredoc("two.txt", "2\n", true, false))),
                new Run(10, "RUN x", List.of("x"), true, List.of())), cmds);
    }

    @Test
    void notHeredocs() {
        // quoted, JSON form, other instructions, shifts: no body is read
        assertEquals(List.of(new Run(2, "RUN echo \"<<EOF\"", List.of("echo \"<<EOF\""), true, List.of()), new User(3, "USER x", "x")),
                commands("FROM a\nRUN echo \"<<EOF\"\nUSER x\n"));
        assertEquals(List.of(new Run(2, "RUN [\"cat\", \"<<EOF\"]", List.of("cat", "<<EOF"), false, List.of()), new User(3, "USER x", "x")),
                commands("FROM a\nRUN [\"cat\", \"<<EOF\"]\nUSER x\n"));
        assertEquals(List.of(new Cmd(2, "CMD cat <<EOF", List.of("cat <<EOF"), true), new User(3, "USER x", "x")),
                commands("FROM a\nCMD cat <<EOF\nUSER x\n"));
        assertEquals(List.of(new Run(2, "RUN echo $((1 <<2))", List.of("echo $((1 <<2))"), true, List.of(new Heredoc("2))", "USER x\n", true, false)))),
                commands("FROM a\nRUN echo $((1 <<2))\nUSER x\n2))\n"), "buildkit treats '<<2))' as a heredoc word too");
    }

    @Test
    void lineNumbersCountHeredocLines() {
        assertEquals(5, commands("FROM a\nRUN <<EOF\nx\nEOF\nRUN y\n").get(1).line());
    }
}
