package dev.layerlab.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed Dockerfile: the escape token, the ARGs before the first FROM, and the stages.
 *
 * <p>Semantics and messages follow Docker 20.10's daemon (moby v20.10.27, legacy builder, which
 * vendors buildkit v0.8.4's dockerfile parser); heredocs, {@code ${VAR-x}}/{@code ${VAR+x}} and
 * the ONBUILD-heredoc expression come from current buildkit, as 20.10 had none of them. Messages:
 * <ul>
 *   <li>empty text: {@code the Dockerfile (Dockerfile) cannot be empty} (builder/remotecontext/detect.go)</li>
 *   <li>errors of the line parser (directives, ENV/LABEL syntax, JSON of non-strings, heredocs, only
 *       comments): {@code failed to parse Dockerfile: <reason>}, e.g. {@code failed to parse Dockerfile:
 *       file with no instructions}</li>
 *   <li>errors of an instruction: {@code dockerfile parse error line N: <reason>} with N the line the
 *       instruction starts on, e.g. {@code dockerfile parse error line 3: unknown instruction: FOO}
 *       (lowercase "dockerfile", as buildkit v0.8's parseError prints it)</li>
 *   <li>an instruction other than ARG before the first FROM: {@code no build stage in current context}
 *       (no prefix: Docker attaches only a location to it)</li>
 *   <li>only ARGs: {@code No image was generated. Is your Dockerfile empty?} (builder.go; Docker
 *       reports it after the build, here at parse time)</li>
 * </ul>
 */
public record Dockerfile(char escape, List<Command.Arg> metaArgs, List<Stage> stages) {
    public Dockerfile {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
    }

    /** Parses a Dockerfile named "Dockerfile". */
    public static Dockerfile parse(String text) {
        return parse(text, "Dockerfile");
    }

    /** Parses a Dockerfile; {@code name} (as given to {@code docker build -f}) only appears in messages. */
    public static Dockerfile parse(String text, String name) {
        if (text.isEmpty()) {
            throw new DockerfileException("the Dockerfile (" + name + ") cannot be empty");
        }
        AstParser.Result ast;
        try {
            ast = AstParser.parse(text, '\\', true);
        } catch (DockerfileException e) {
            throw new DockerfileException("failed to parse " + name + ": " + e.getMessage());
        }
        List<Command.Arg> metaArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        List<Command> commands = new ArrayList<>();
        for (Node node : ast.nodes()) {
            Command command;
            try {
                command = InstructionParser.parse(node);
            } catch (DockerfileException e) {
                throw new DockerfileException("dockerfile parse error line " + node.startLine() + ": " + e.getMessage());
            }
            if (command instanceof Command.From from) {
                closeStage(stages, commands);
                stages.add(new Stage(stages.size(), from.stageName(), from, List.of()));
            } else if (stages.isEmpty() && command instanceof Command.Arg arg) {
                metaArgs.add(arg);
            } else if (stages.isEmpty()) {
                throw new DockerfileException("no build stage in current context");
            } else {
                commands.add(command);
            }
        }
        if (stages.isEmpty()) {
            throw new DockerfileException("No image was generated. Is your Dockerfile empty?");
        }
        closeStage(stages, commands);
        return new Dockerfile(ast.escape(), metaArgs, stages);
    }

    /**
     * Parses a stored ONBUILD trigger (as {@link Command.Onbuild#expression()}) when a build runs FROM
     * an image carrying it. Messages are bare, as Docker's dispatchTriggeredOnBuild returns them.
     *
     * @param line the line reported by the returned command (the FROM that fired the trigger)
     */
    public static Command parseOnbuild(String expression, char escape, int line) {
        List<Node> nodes = AstParser.parse(expression, escape, false).nodes();
        if (nodes.size() != 1) {
            throw new DockerfileException("onbuild trigger should be a single expression");
        }
        Node node = nodes.getFirst();
        Command command = InstructionParser.parse(node.withPosition(line, node.heredocs()));
        if (command instanceof Command.From || command instanceof Command.Onbuild || command instanceof Command.Maintainer) {
            throw new DockerfileException(node.keyword().toUpperCase(java.util.Locale.ROOT) + " isn't allowed as an ONBUILD trigger");
        }
        return command;
    }

    /** Moves the commands gathered so far into the last stage. */
    private static void closeStage(List<Stage> stages, List<Command> commands) {
        if (!stages.isEmpty()) {
            Stage last = stages.getLast();
            stages.set(stages.size() - 1, new Stage(last.index(), last.name(), last.from(), commands));
        }
        commands.clear();
    }
}
