package dev.layerlab.runtime.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link Node} to a typed {@link Command} with Docker's checks and messages (buildkit v0.8
 * {@code instructions/parse.go} as vendored by Docker 20.10). Messages are bare; the caller prefixes.
 * As in Docker, some instructions check their argument count before their flags, and STOPSIGNAL,
 * ARG and {@code HEALTHCHECK NONE} never look at flags.
 */
final class InstructionParser {
    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");
    private static final String NEEDS_BUILDKIT =
            "the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled";

    private InstructionParser() {
    }

    static Command parse(Node n) {
        int line = n.startLine();
        String orig = n.original();
        List<String> args = n.args();
        return switch (n.keyword()) {
            case "from" -> from(n);
            case "run" -> {
                BuilderFlags flags = BuilderFlags.parse(n.flags(), Set.of("mount"));
                if (flags.used("mount")) {
                    throw new DockerfileException(NEEDS_BUILDKIT);
                }
                yield new Command.Run(line, orig, shellDependent(n), !n.json(), n.heredocs());
            }
            case "cmd" -> {
                noFlags(n);
                yield new Command.Cmd(line, orig, shellDependent(n), !n.json());
            }
            case "entrypoint" -> {
                noFlags(n);
                yield new Command.Entrypoint(line, orig, shellDependent(n), !n.json());
            }
            case "env" -> {
                noFlags(n);
                yield new Command.Env(line, orig, keyValues(args, "ENV"));
            }
            case "label" -> {
                noFlags(n);
                yield new Command.Label(line, orig, keyValues(args, "LABEL"));
            }
            case "arg" -> new Command.Arg(line, orig, argDefs(args));
            case "workdir" -> new Command.Workdir(line, orig, exactlyOne(n, "WORKDIR"));
            case "user" -> new Command.User(line, orig, exactlyOne(n, "USER"));
            case "maintainer" -> new Command.Maintainer(line, orig, exactlyOne(n, "MAINTAINER"));
            case "stopsignal" -> {
                if (args.size() != 1) {
                    throw new DockerfileException("STOPSIGNAL requires exactly one argument");
                }
                yield new Command.StopSignal(line, orig, args.getFirst());
            }
            case "expose" -> {
                atLeastOne(args, "EXPOSE");
                noFlags(n);
                yield new Command.Expose(line, orig, args.stream().sorted().toList());
            }
            case "volume" -> new Command.Volume(line, orig, volumes(n));
            case "shell" -> shell(n);
            case "copy", "add" -> CopyParser.parse(n);
            case "healthcheck" -> HealthcheckParser.parse(n);
            case "onbuild" -> onbuild(n);
            default -> throw new DockerfileException("unknown instruction: " + n.keyword().toUpperCase(Locale.ROOT));
        };
    }

    private static Command.From from(Node n) {
        List<String> args = n.args();
        String stageName = null;
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            stageName = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(stageName).matches()) {
                throw new DockerfileException("invalid name for build stage: " + GoText.quote(args.get(2))
                        + ", name can't start with a number or contain symbols");
            }
        } else if (args.size() != 1) {
            throw new DockerfileException("FROM requires either one or three arguments");
        }
        BuilderFlags flags = BuilderFlags.parse(n.flags(), Set.of("platform"));
        return new Command.From(n.startLine(), n.original(), args.getFirst(), stageName, flags.get("platform"));
    }

    private static Command.Onbuild onbuild(Node n) {
        atLeastOne(n.args(), "ONBUILD");
        noFlags(n);
        String trigger = n.args().getFirst().trim().toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw new DockerfileException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new DockerfileException(trigger + " isn't allowed as an ONBUILD trigger");
            default -> {
            }
        }
        StringBuilder expression = new StringBuilder(ONBUILD_PREFIX.matcher(n.original()).replaceFirst(""));
        for (Heredoc doc : n.heredocs()) {
            expression.append('\n').append(doc.content()).append(doc.name());
        }
        return new Command.Onbuild(n.startLine(), n.original(), expression.toString());
    }

    private static Command.Shell shell(Node n) {
        noFlags(n);
        List<String> shell = shellDependent(n);
        if (shell.isEmpty()) {
            throw new DockerfileException("SHELL requires at least one argument");
        }
        if (!n.json()) {
            throw new DockerfileException("SHELL requires the arguments to be in JSON form");
        }
        return new Command.Shell(n.startLine(), n.original(), shell);
    }

    private static List<String> volumes(Node n) {
        atLeastOne(n.args(), "VOLUME");
        noFlags(n);
        List<String> paths = new ArrayList<>();
        for (String v : n.args()) {
            String path = GoText.trimSpace(v);
            if (path.isEmpty()) {
                throw new DockerfileException("VOLUME specified can not be an empty string");
            }
            paths.add(path);
        }
        return List.copyOf(paths);
    }

    /** Exec form: the JSON strings; shell form: the whole command as one string. */
    static List<String> shellDependent(Node n) {
        if (n.json() || n.args().isEmpty()) {
            return n.args();
        }
        return List.of(String.join(" ", n.args()));
    }

    private static List<KeyValue> keyValues(List<String> args, String instruction) {
        atLeastOne(args, instruction);
        if (args.size() % 2 != 0) {
            throw new DockerfileException("Bad input to " + instruction + ", too many arguments");
        }
        List<KeyValue> pairs = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (args.get(i).isEmpty()) {
                throw new DockerfileException(instruction + " names can not be blank");
            }
            pairs.add(new KeyValue(args.get(i), args.get(i + 1)));
        }
        return List.copyOf(pairs);
    }

    private static List<ArgDef> argDefs(List<String> args) {
        atLeastOne(args, "ARG");
        List<ArgDef> defs = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                defs.add(new ArgDef(arg, null));
            } else if (eq == 0) {
                throw new DockerfileException("ARG names can not be blank");
            } else {
                defs.add(new ArgDef(arg.substring(0, eq), arg.substring(eq + 1)));
            }
        }
        return List.copyOf(defs);
    }

    private static String exactlyOne(Node n, String instruction) {
        if (n.args().size() != 1) {
            throw new DockerfileException(instruction + " requires exactly one argument");
        }
        noFlags(n);
        return n.args().getFirst();
    }

    static void atLeastOne(List<String> args, String instruction) {
        if (args.isEmpty()) {
            throw new DockerfileException(instruction + " requires at least one argument");
        }
    }

    static void noFlags(Node n) {
        BuilderFlags.parse(n.flags(), Set.of());
    }
}
