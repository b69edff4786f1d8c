package dev.layerlab.runtime.build;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.layerlab.runtime.build.dockerfile.Command;
import dev.layerlab.runtime.build.dockerfile.Heredoc;
import dev.layerlab.runtime.build.dockerfile.KeyValue;
import dev.layerlab.runtime.build.dockerfile.ArgDef;
import dev.layerlab.runtime.build.dockerfile.ShellLex;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.runtime.sys.Signals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What each instruction (but FROM) does to a stage, as Docker's legacy builder dispatches it: metadata
 * instructions edit the stage's config and commit it, RUN runs a container, COPY/ADD/WORKDIR write files
 * (see {@link FileInstructions}). Words are expanded with the stage's ENV and ARGs where Docker expands them.
 */
final class Instructions {
    private final ShellLex lex;
    private final RunStep runs;
    private final FileInstructions files;
    private final BuildRequest request;
    private final BuildOutput out;
    private final BuildCancellation cancellation;

    Instructions(ShellLex lex, RunStep runs, FileInstructions files, BuildRequest request, BuildOutput out,
                 BuildCancellation cancellation) {
        this.cancellation = cancellation;
        this.lex = lex;
        this.runs = runs;
        this.files = files;
        this.request = request;
        this.out = out;
    }

    StepPlan plan(StageState st, Command command) throws IOException {
        return switch (command) {
            case Command.Run c -> run(st, c);
            case Command.Copy c -> files.copy(st, c, this::expand);
            case Command.Add c -> files.add(st, c, this::expand);
            case Command.Workdir c -> files.workdir(st, resolveWorkdir(st, expand(st, c.path())));
            case Command.Env c -> env(st, c.pairs());
            case Command.Label c -> label(st, c.pairs());
            case Command.Arg c -> arg(st, c.args());
            case Command.Cmd c -> {
                st.cmd = execOrShell(st, c.args(), c.shellForm());
                st.cmdSet = true;
                yield metadata(st, "CMD " + CreatedBy.quotedList(st.cmd));
            }
            case Command.Entrypoint c -> {
                st.entrypoint = execOrShell(st, c.args(), c.shellForm());
                if (!st.cmdSet) {
                    st.cmd = null; // an ENTRYPOINT resets the CMD inherited from the base image
                }
                yield metadata(st, "ENTRYPOINT " + CreatedBy.quotedList(st.entrypoint));
            }
            case Command.User c -> {
                st.user = expand(st, c.user());
                yield metadata(st, "USER " + st.user);
            }
            case Command.Expose c -> expose(st, c.ports());
            case Command.Volume c -> volume(st, c.paths());
            case Command.Shell c -> {
                st.shell = List.copyOf(c.shell());
                yield metadata(st, "SHELL " + CreatedBy.plainList(st.shell));
            }
            case Command.StopSignal c -> {
                String signal = expand(st, c.signal());
                Signals.parse(signal); // Docker refuses an unknown signal here, not at docker run
                st.stopSignal = signal;
                yield metadata(st, "STOPSIGNAL " + signal);
            }
            case Command.Maintainer c -> {
                st.author = c.name();
                yield metadata(st, "MAINTAINER " + c.name());
            }
            case Command.Healthcheck c -> healthcheck(st, c);
            case Command.Onbuild c -> {
                st.onBuild = st.onBuild == null ? new ArrayList<>() : new ArrayList<>(st.onBuild);
                st.onBuild.add(c.expression());
                yield metadata(st, "ONBUILD " + c.expression());
            }
            case Command.From c -> throw new IllegalStateException("FROM is handled by the builder");
        };
    }

    String expand(StageState st, String word) {
        return lex.processWord(word, st::lookup);
    }

    private StepPlan metadata(StageState st, String comment) {
        return StepPlan.metadata(CreatedBy.metadata(st.shellOrDefault(), comment));
    }

    private StepPlan run(StageState st, Command.Run c) {
        List<String> argv = c.shellForm()
                ? withShell(st, heredocScript(c.args().getFirst(), c.heredocs()))
                : List.copyOf(c.args());
        Map<String, String> visible = st.args.forRun(st.envKeys(), true);
        Map<String, String> recorded = st.args.forRun(st.envKeys(), false);
        List<String> env = visible.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return new StepPlan(CreatedBy.run(argv, recorded), CreatedBy.runShape(argv),
                () -> runs.run(st, argv, env, request, out, cancellation), CacheVerdict.BUILD_ARGS_CHANGED, List.of());
    }

    /**
     * A RUN with heredocs: the shell gets the command line followed by the heredoc bodies and their
     * delimiters, which it reads as here-documents; a RUN that is only a heredoc runs the body as the script.
     */
    static String heredocScript(String commandLine, List<Heredoc> heredocs) {
        if (heredocs.isEmpty()) {
            return commandLine;
        }
        if (heredocs.size() == 1 && commandLine.trim().matches("<<-?['\"]?" + java.util.regex.Pattern.quote(heredocs.getFirst().name()) + "['\"]?")) {
            return heredocs.getFirst().chompedContent();
        }
        StringBuilder script = new StringBuilder(commandLine);
        for (Heredoc h : heredocs) {
            script.append('\n').append(h.chompedContent());
            if (!h.chompedContent().endsWith("\n")) {
                script.append('\n');
            }
            script.append(h.name());
        }
        return script.toString();
    }

    private static List<String> withShell(StageState st, String command) {
        List<String> argv = new ArrayList<>(st.shellOrDefault());
        argv.add(command);
        return List.copyOf(argv);
    }

    private static List<String> execOrShell(StageState st, List<String> args, boolean shellForm) {
        return shellForm ? withShell(st, args.getFirst()) : List.copyOf(args);
    }

    private StepPlan env(StageState st, List<KeyValue> pairs) {
        List<String> parts = new ArrayList<>();
        for (KeyValue kv : pairs) {
            String key = expand(st, kv.key());
            String value = expand(st, kv.value());
            st.setEnv(key, value);
            parts.add(key + "=" + value);
        }
        return metadata(st, "ENV " + String.join(" ", parts));
    }

    private StepPlan label(StageState st, List<KeyValue> pairs) {
        Map<String, String> labels = st.labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(st.labels);
        StringBuilder comment = new StringBuilder("LABEL");
        for (KeyValue kv : pairs) {
            String key = expand(st, kv.key());
            String value = expand(st, kv.value());
            labels.put(key, value);
            comment.append(' ').append(key).append('=').append(value);
        }
        st.labels = labels;
        return metadata(st, comment.toString());
    }

    private StepPlan arg(StageState st, List<ArgDef> defs) {
        List<String> parts = new ArrayList<>();
        for (ArgDef def : defs) {
            String value = def.defaultValue() == null ? null : expand(st, def.defaultValue());
            st.args.declare(def.name(), value);
            parts.add(value == null ? def.name() : def.name() + "=" + value);
        }
        return metadata(st, "ARG " + String.join(" ", parts));
    }

    private StepPlan expose(StageState st, List<String> ports) {
        List<String> given = new ArrayList<>();
        for (String p : ports) {
            given.addAll(lex.processWords(p, st::lookup));
        }
        TreeSet<String> all = st.exposedPorts == null ? new TreeSet<>() : new TreeSet<>(st.exposedPorts);
        for (String p : given) {
            all.add(ExposedPorts.normalise(p));
        }
        st.exposedPorts = new LinkedHashSet<>(all);
        return metadata(st, "EXPOSE " + String.join(" ", given));
    }

    private StepPlan volume(StageState st, List<String> paths) {
        List<String> expanded = new ArrayList<>();
        for (String p : paths) {
            String v = expand(st, p).trim();
            if (v.isEmpty()) {
                throw new BuildFailedException("VOLUME specified can not be an empty string");
            }
            expanded.add(v);
        }
        LinkedHashSet<String> all = st.volumes == null ? new LinkedHashSet<>() : new LinkedHashSet<>(st.volumes);
        all.addAll(expanded);
        st.volumes = all;
        return metadata(st, "VOLUME " + CreatedBy.plainList(expanded));
    }

    private StepPlan healthcheck(StageState st, Command.Healthcheck c) {
        ObjectNode hc = Json.MAPPER.createObjectNode();
        hc.set("Test", Json.MAPPER.valueToTree(c.test()));
        if (c.interval() != null) {
            hc.put("Interval", c.interval().toNanos());
        }
        if (c.timeout() != null) {
            hc.put("Timeout", c.timeout().toNanos());
        }
        if (c.startPeriod() != null) {
            hc.put("StartPeriod", c.startPeriod().toNanos());
        }
        if (c.retries() != null) {
            hc.put("Retries", c.retries());
        }
        st.healthcheck = hc;
        return metadata(st, "HEALTHCHECK " + CreatedBy.quotedList(c.test()));
    }

    /** WORKDIR: relative to the current one, cleaned, as Docker resolves it. */
    static String resolveWorkdir(StageState st, String path) {
        String base = st.workingDir == null || st.workingDir.isEmpty() ? "/" : st.workingDir;
        String joined = path.startsWith("/") ? path : base + "/" + path;
        java.nio.file.Path p = java.nio.file.Path.of(joined).normalize();
        return p.toString();
    }
}
