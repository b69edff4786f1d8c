package dev.layerlab.runtime.build.dockerfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** HEALTHCHECK NONE | HEALTHCHECK [--interval= --timeout= --start-period= --retries=] CMD command. */
final class HealthcheckParser {
    /** Docker's {@code container.MinimumDuration}. */
    private static final Duration MINIMUM = Duration.ofMillis(1);

    private HealthcheckParser() {
    }

    static Command.Healthcheck parse(Node n) {
        InstructionParser.atLeastOne(n.args(), "HEALTHCHECK");
        String type = n.args().getFirst().toUpperCase(Locale.ROOT);
        List<String> rest = n.args().subList(1, n.args().size());
        if (type.equals("NONE")) {
            if (!rest.isEmpty()) {
                throw new DockerfileException("HEALTHCHECK NONE takes no arguments");
            }
            return new Command.Healthcheck(n.startLine(), n.original(), List.of("NONE"), null, null, null, null);
        }
        BuilderFlags flags = BuilderFlags.parse(n.flags(), Set.of("interval", "timeout", "start-period", "retries"));
        if (!type.equals("CMD")) {
            throw new DockerfileException("Unknown type " + GoText.quote(type) + " in HEALTHCHECK (try CMD)");
        }
        List<String> command = n.json() || rest.isEmpty() ? rest : List.of(String.join(" ", rest));
        if (command.isEmpty()) {
            throw new DockerfileException("Missing command after HEALTHCHECK CMD");
        }
        List<String> test = new ArrayList<>();
        test.add(n.json() ? "CMD" : "CMD-SHELL");
        test.addAll(command);
        return new Command.Healthcheck(n.startLine(), n.original(), List.copyOf(test),
                interval(flags, "interval"), interval(flags, "timeout"), interval(flags, "start-period"), retries(flags));
    }

    private static Duration interval(BuilderFlags flags, String name) {
        String value = flags.get(name);
        if (value == null) {
            return null;
        }
        Duration d = GoDuration.parse(value);
        if (d.compareTo(MINIMUM) < 0) {
            throw new DockerfileException("Interval " + GoText.quote(name) + " cannot be less than 1ms");
        }
        return d;
    }

    private static Integer retries(BuilderFlags flags) {
        String value = flags.get("retries");
        if (value == null) {
            return null;
        }
        long retries;
        try {
            retries = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            String why = value.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            throw new DockerfileException("strconv.ParseInt: parsing " + GoText.quote(value) + ": " + why);
        }
        if (retries < 1) {
            throw new DockerfileException("--retries must be at least 1 (not " + retries + ")");
        }
        return (int) retries;
    }
}
