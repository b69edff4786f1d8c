package dev.layerlab.server.cli;

/** What a docker CLI invocation printed and returned. */
public record CliResult(int exitCode, String stdout, String stderr) {
    public CliResult assertOk() {
        if (exitCode != 0) {
            throw new AssertionError("exit " + exitCode + "\nstdout: " + stdout + "\nstderr: " + stderr);
        }
        return this;
    }

    /** stdout without the trailing newline. */
    public String out() {
        return stdout.strip();
    }
}
