package dev.layerlab.runtime.build.dockerfile;

import java.time.Duration;
import java.util.List;

/**
 * One parsed instruction. {@link #line()} is the 1-based line where it starts; {@link #original()}
 * is the instruction as written with continuation lines joined (escape token and newline removed,
 * comment lines inside dropped), which is what Docker shows in build output and image history.
 * Words keep their quotes and {@code $VAR}s: expansion ({@link ShellLex}) is the builder's job.
 */
public sealed interface Command {
    int line();

    String original();

    /** {@code FROM [--platform=p] image [AS name]}; stageName lowercased or null, platform null if not given. */
    record From(int line, String original, String image, String stageName, String platform) implements Command {
    }

    /** Shell form: {@code args} is the one command string. Heredocs in the order they appear. */
    record Run(int line, String original, List<String> args, boolean shellForm, List<Heredoc> heredocs) implements Command {
    }

    record Cmd(int line, String original, List<String> args, boolean shellForm) implements Command {
    }

    record Entrypoint(int line, String original, List<String> args, boolean shellForm) implements Command {
    }

    /** Both {@code ENV k v} (value = rest of the line) and {@code ENV k=v k2="v 2"} (quotes kept). */
    record Env(int line, String original, List<KeyValue> pairs) implements Command {
    }

    record Label(int line, String original, List<KeyValue> pairs) implements Command {
    }

    record Arg(int line, String original, List<ArgDef> args) implements Command {
    }

    record Workdir(int line, String original, String path) implements Command {
    }

    record User(int line, String original, String user) implements Command {
    }

    /** Sorted as strings, as Docker's parser does (before expansion). */
    record Expose(int line, String original, List<String> ports) implements Command {
    }

    record Volume(int line, String original, List<String> paths) implements Command {
    }

    record Shell(int line, String original, List<String> shell) implements Command {
    }

    record StopSignal(int line, String original, String signal) implements Command {
    }

    record Maintainer(int line, String original, String name) implements Command {
    }

    /**
     * {@code sources} are the paths (heredoc sources are not among them but in {@code heredocs});
     * from/chown/chmod null if not given.
     */
    record Copy(int line, String original, List<String> sources, String dest, String from, String chown, String chmod,
                List<Heredoc> heredocs) implements Command {
    }

    record Add(int line, String original, List<String> sources, String dest, String chown, String chmod,
               List<Heredoc> heredocs) implements Command {
    }

    /**
     * {@code test} is {@code ["NONE"]}, {@code ["CMD", args...]} (JSON form) or {@code ["CMD-SHELL", command]};
     * a null duration or retries means not given.
     */
    record Healthcheck(int line, String original, List<String> test, Duration interval, Duration timeout,
                       Duration startPeriod, Integer retries) implements Command {
    }

    /**
     * The trigger as stored in the image config, e.g. {@code RUN echo hi} (heredoc bodies appended on
     * the following lines, as buildkit does); parse it with {@link Dockerfile#parseOnbuild}.
     */
    record Onbuild(int line, String original, String expression) implements Command {
    }
}
