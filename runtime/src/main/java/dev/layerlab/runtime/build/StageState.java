package dev.layerlab.runtime.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.image.ContainerDefaults;
import dev.layerlab.runtime.image.Image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where one stage of a build stands: the image made so far (null while a {@code FROM scratch} stage has
 * none) and the config the next step starts from, edited field by field as instructions run.
 */
final class StageState {
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    final String name;
    final BuildArgs.Scope args;
    Image image;
    boolean cacheBroken;
    /** A CMD was set in this stage: a later ENTRYPOINT then keeps it (otherwise it resets the inherited one). */
    boolean cmdSet;
    String author;

    String user;
    Set<String> exposedPorts;
    List<String> env;
    List<String> entrypoint;
    List<String> cmd;
    Set<String> volumes;
    String workingDir;
    Map<String, String> labels;
    String stopSignal;
    JsonNode healthcheck;
    List<String> onBuild;
    List<String> shell;
    Map<String, JsonNode> other;

    StageState(String name, BuildArgs.Scope args, Image base) {
        this.name = name;
        this.args = args;
        this.image = base;
        this.author = base == null ? null : base.config().author();
        load(base == null || base.config().config() == null ? ContainerDefaults.empty() : base.config().config());
    }

    /** Takes the config of an image reached from cache. */
    void load(ContainerDefaults d) {
        user = d.user();
        exposedPorts = d.exposedPorts() == null ? null : new LinkedHashSet<>(d.exposedPorts());
        env = d.env() == null ? null : new ArrayList<>(d.env());
        entrypoint = d.entrypoint();
        cmd = d.cmd();
        volumes = d.volumes() == null ? null : new LinkedHashSet<>(d.volumes());
        workingDir = d.workingDir();
        labels = d.labels() == null ? null : new LinkedHashMap<>(d.labels());
        stopSignal = d.stopSignal();
        healthcheck = d.healthcheck();
        onBuild = d.onBuild() == null ? null : new ArrayList<>(d.onBuild());
        shell = d.shell();
        other = d.other();
    }

    ContainerDefaults defaults() {
        return new ContainerDefaults(user, exposedPorts, env, entrypoint, cmd, volumes, workingDir, labels, stopSignal,
                null, healthcheck, onBuild, shell, other);
    }

    List<String> shellOrDefault() {
        return shell == null || shell.isEmpty() ? DEFAULT_SHELL : shell;
    }

    /** The value of ENV {@code key}, or null. */
    String envValue(String key) {
        if (env != null) {
            for (int i = env.size() - 1; i >= 0; i--) {
                String e = env.get(i);
                if (e.startsWith(key + "=")) {
                    return e.substring(key.length() + 1);
                }
            }
        }
        return null;
    }

    Set<String> envKeys() {
        Set<String> keys = new LinkedHashSet<>();
        if (env != null) {
            env.forEach(e -> keys.add(e.contains("=") ? e.substring(0, e.indexOf('=')) : e));
        }
        return keys;
    }

    /** Sets ENV {@code key}, replacing an earlier value in place as Docker does. */
    void setEnv(String key, String value) {
        if (env == null) {
            env = new ArrayList<>();
        }
        String entry = key + "=" + value;
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).startsWith(key + "=") || env.get(i).equals(key)) {
                env.set(i, entry);
                return;
            }
        }
        env.add(entry);
    }

    /** What {@code $NAME} means in this stage: ENV first, then a declared ARG. */
    String lookup(String name) {
        String v = envValue(name);
        return v != null ? v : args.value(name);
    }

    String imageIdOrEmpty() {
        return image == null ? "" : image.id().toString();
    }
}
