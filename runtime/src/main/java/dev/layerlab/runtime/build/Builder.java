package dev.layerlab.runtime.build;

import dev.layerlab.runtime.build.context.BuildContext;
import dev.layerlab.runtime.build.dockerfile.Command;
import dev.layerlab.runtime.build.dockerfile.Dockerfile;
import dev.layerlab.runtime.build.dockerfile.KeyValue;
import dev.layerlab.runtime.build.dockerfile.ShellLex;
import dev.layerlab.runtime.build.dockerfile.Stage;
import dev.layerlab.runtime.events.EventFeed;
import dev.layerlab.runtime.content.ContentStore;
import dev.layerlab.runtime.content.Digest;
import dev.layerlab.runtime.error.NotFoundException;
import dev.layerlab.runtime.image.Image;
import dev.layerlab.runtime.image.ImageReference;
import dev.layerlab.runtime.image.ImageStore;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code docker build} with the legacy builder's semantics and output: stages in order (up to
 * {@code --target}), one image per step, one layer per RUN/COPY/ADD (and WORKDIR when it creates the
 * directory), the cache rules (a step hits when its parent and instruction match; after the first miss
 * every later step of the stage misses), and a record of each step's verdict for the build-cache picture.
 * Nothing is tagged unless every step succeeded.
 */
public final class Builder {
    private final BuildTools tools;
    private final Clock clock;
    private final EventFeed events;

    public Builder(BuildTools tools, Clock clock) {
        this(tools, clock, new EventFeed());
    }

    /** {@code events}: the space's feed, which gets each build's start and end and each step's (layerlab's own events). */
    public Builder(BuildTools tools, Clock clock, EventFeed events) {
        this.events = events;
        this.tools = tools;
        this.clock = clock;
    }

    /** Builds the context's Dockerfile; returns the final image, tagged as asked. */
    public Image build(BuildRequest request, BuildContext context, BuildOutput client) throws IOException {
        return build(request, context, client, new BuildCancellation());
    }

    /** {@link #build(BuildRequest, BuildContext, BuildOutput)} that {@code cancellation} can stop at any point. */
    public Image build(BuildRequest request, BuildContext context, BuildOutput client, BuildCancellation cancellation)
            throws IOException {
        Map<ImageReference, Image> tagsWanted = new LinkedHashMap<>();
        List<ImageReference> tags = request.tags().stream().map(ImageReference::parse).toList();
        BuildOutput out = request.quiet() ? BuildOutput.DISCARD : client;
        Recorder recorder = new Recorder(tools.records(), request.tags(), clock, events);
        try (ContentStore.Lease ignored = tools.content().lease()) {
            Dockerfile dockerfile = Dockerfile.parse(context.dockerfile(request.dockerfile()), request.dockerfile());
            List<Stage> stages = upToTarget(dockerfile.stages(), request.target());
            ShellLex lex = new ShellLex(dockerfile.escape());
            BuildArgs args = new BuildArgs(request.buildArgs());
            Map<String, FileInstructions.BuiltStage> built = new HashMap<>();
            FileInstructions files = new FileInstructions(tools.filesystem(), context.root(), built, tools.resolver(),
                    tools.images(), tools.urls(), tools.workDir());
            Instructions instructions = new Instructions(lex, tools.runs(), files, request, out, cancellation);
            Steps steps = new Steps(countSteps(dockerfile, stages, request), out, recorder, instructions, request, cancellation);

            for (Command.Arg meta : dockerfile.metaArgs()) {
                steps.announce(meta.original());
                meta.args().forEach(a -> args.declareMeta(a.name(),
                        a.defaultValue() == null ? null : lex.processWord(a.defaultValue(), args::metaValue)));
            }
            StageState st = null;
            for (Stage stage : stages) {
                st = startStage(stage, built, lex, dockerfile.escape(), args, steps);
                for (Command command : stage.commands()) {
                    steps.run(st, command, stageLabel(stage));
                }
                if (stage == stages.getLast() && !request.labels().isEmpty()) {
                    steps.run(st, labelCommand(request.labels()), stageLabel(stage));
                }
                FileInstructions.BuiltStage result = new FileInstructions.BuiltStage(st.image);
                built.put(String.valueOf(stage.index()), result);
                if (stage.name() != null) {
                    built.put(stage.name().toLowerCase(Locale.ROOT), result);
                }
            }
            if (st == null || st.image == null) {
                throw new BuildFailedException("No image was generated. Is your Dockerfile empty?");
            }
            Image result = st.image;
            List<String> unused = args.unconsumed();
            if (!unused.isEmpty()) {
                out.stream("[Warning] One or more build-args " + CreatedBy.plainList(unused) + " were not consumed\n");
            }
            client.imageId(result.id());
            out.stream("Successfully built " + result.id().shortId() + "\n");
            tags.forEach(t -> tagsWanted.put(t, result));
            tools.images().tagAll(tagsWanted);
            for (ImageReference t : tags) {
                out.stream("Successfully tagged " + t.familiarString() + "\n");
            }
            if (request.quiet()) {
                client.stream(result.id() + "\n");
            }
            recorder.finished(result.id().toString(), null);
            return result;
        } catch (IOException | RuntimeException e) {
            recorder.finished(null, e.getMessage());
            throw e;
        }
    }

    /** FROM: a previous stage, scratch, or a local image; then the base image's ONBUILD triggers. */
    private StageState startStage(Stage stage, Map<String, FileInstructions.BuiltStage> built, ShellLex lex,
                                  char escape, BuildArgs args, Steps steps) throws IOException {
        Command.From from = stage.from();
        steps.announce(from.original());
        String name = lex.processWord(from.image(), args::metaValue);
        Image base = baseImage(name, built);
        StageState st = new StageState(stage.name(), args.newScope(), base);
        List<String> triggers = st.onBuild == null ? List.of() : List.copyOf(st.onBuild);
        st.onBuild = null; // triggers run once, in the image built FROM this one, and are not inherited further
        steps.baseImage(st, stageLabel(stage), from.original());
        if (!triggers.isEmpty()) {
            steps.say("# Executing " + triggers.size() + " build trigger" + (triggers.size() == 1 ? "" : "s") + "\n");
            for (String trigger : triggers) {
                steps.runTrigger(st, Dockerfile.parseOnbuild(trigger, escape, from.line()), stageLabel(stage));
            }
        }
        return st;
    }

    private Image baseImage(String name, Map<String, FileInstructions.BuiltStage> built) {
        FileInstructions.BuiltStage stage = built.get(name.toLowerCase(Locale.ROOT));
        if (stage != null) {
            return stage.image();
        }
        if (name.equals("scratch")) {
            return null;
        }
        try {
            return tools.images().resolve(name);
        } catch (NotFoundException e) {
            throw new BuildFailedException("pull access denied for " + name + ": this playground has no registry"
                    + " access, so FROM can only use images that are here (see docker images)");
        }
    }

    private static List<Stage> upToTarget(List<Stage> stages, String target) {
        if (target == null) {
            return stages;
        }
        for (Stage s : stages) {
            if (s.name() != null && s.name().equalsIgnoreCase(target)) {
                return stages.subList(0, s.index() + 1);
            }
        }
        throw new BuildFailedException("failed to reach build target " + target + " in Dockerfile");
    }

    private static int countSteps(Dockerfile dockerfile, List<Stage> stages, BuildRequest request) {
        int n = dockerfile.metaArgs().size() + (request.labels().isEmpty() ? 0 : 1);
        for (Stage s : stages) {
            n += 1 + s.commands().size();
        }
        return n;
    }

    private static String stageLabel(Stage stage) {
        return stage.name() != null ? stage.name() : String.valueOf(stage.index());
    }

    private static Command labelCommand(Map<String, String> labels) {
        List<KeyValue> pairs = new ArrayList<>();
        labels.forEach((k, v) -> pairs.add(new KeyValue(k, v)));
        StringBuilder text = new StringBuilder("LABEL");
        labels.forEach((k, v) -> text.append(' ').append(CreatedBy.goQuote(k)).append('=').append(CreatedBy.goQuote(v)));
        return new Command.Label(0, text.toString(), pairs);
    }

    /** The step loop's bookkeeping: numbering, output lines, the cache decision, the record. */
    private final class Steps {
        private final int total;
        private final BuildOutput out;
        private final Recorder recorder;
        private final Instructions instructions;
        private final BuildRequest request;
        private final BuildCancellation cancellation;
        private int number;

        Steps(int total, BuildOutput out, Recorder recorder, Instructions instructions, BuildRequest request,
              BuildCancellation cancellation) {
            this.cancellation = cancellation;
            this.total = total;
            this.out = out;
            this.recorder = recorder;
            this.instructions = instructions;
            this.request = request;
        }

        void announce(String original) {
            cancellation.throwIfCancelled();
            number++;
            out.stream("Step " + number + "/" + total + " : " + original + "\n");
            recorder.stepStarted(number, total, original);
        }

        void say(String text) {
            out.stream(text);
        }

        void baseImage(StageState st, String stage, String original) {
            if (st.image != null) {
                out.stream(" ---> " + st.image.id().shortId() + "\n");
            }
            recorder.step(new BuildRecord.Step(number, stage, original, CacheVerdict.BASE_IMAGE,
                    st.image == null ? null : st.image.id().toString(), null, 0, 0));
        }

        void run(StageState st, Command command, String stage) throws IOException {
            announce(command.original());
            execute(st, command, stage, number);
        }

        void runTrigger(StageState st, Command command, String stage) throws IOException {
            execute(st, command, stage, number);
        }

        private void execute(StageState st, Command command, String stage, int stepNumber) throws IOException {
            cancellation.throwIfCancelled();
            long started = System.nanoTime();
            StepPlan plan = instructions.plan(st, command);
            try {
                String parent = st.imageIdOrEmpty();
                Optional<Digest> hit = request.noCache() || st.cacheBroken ? Optional.empty()
                        : tools.cache().find(parent, plan.createdBy(), this::exists);
                CacheVerdict verdict;
                String layerDiffId = null;
                long layerSize = 0;
                if (hit.isPresent()) {
                    Image cached = tools.images().resolve(hit.get().toString());
                    out.stream(" ---> Using cache\n");
                    st.image = cached;
                    st.author = cached.config().author();
                    st.load(cached.config().config());
                    verdict = CacheVerdict.HIT;
                } else {
                    verdict = request.noCache() ? CacheVerdict.NO_CACHE
                            : st.cacheBroken ? CacheVerdict.EARLIER_STEP_REBUILT
                            : tools.cache().hasShape(parent, plan.shape(), this::exists) ? plan.shapeMissVerdict()
                            : CacheVerdict.NEW_INSTRUCTION;
                    st.cacheBroken = true;
                    var layer = plan.work() == null ? null : plan.work().run();
                    Image image = tools.stepImages().commit(st, plan.createdBy(), layer);
                    tools.cache().put(parent, plan.createdBy(), plan.shape(), image.id(), this::exists);
                    st.image = image;
                    if (layer != null) {
                        layerDiffId = layer.stats().diffId().toString();
                        layerSize = layer.stats().uncompressedTarSize();
                    }
                }
                out.stream(" ---> " + st.image.id().shortId() + "\n");
                recorder.step(new BuildRecord.Step(stepNumber, stage, command.original(), verdict,
                        st.image.id().toString(), layerDiffId, layerSize, (System.nanoTime() - started) / 1_000_000));
            } finally {
                FileInstructions.closeAll(plan.resources());
            }
        }

        private boolean exists(Digest imageId) {
            return tools.images().hasId(imageId);
        }
    }
}
