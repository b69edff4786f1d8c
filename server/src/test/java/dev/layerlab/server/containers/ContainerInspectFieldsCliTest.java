package dev.layerlab.server.containers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.layerlab.runtime.io.Json;
import dev.layerlab.server.cli.DockerCli;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code docker inspect} shows dockerd 20.10's standard fields, so templates print what they print against
 * Docker for the same {@code docker run} (docker-py's integration suite reads these).
 */
class ContainerInspectFieldsCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static final String[] FIELDS = {"{{.HostConfig.CpuShares}}", "{{.HostConfig.CpusetCpus}}",
            "{{.HostConfig.Runtime}}", "{{.HostConfig.VolumesFrom}}", "{{.HostConfig.CgroupnsMode}}",
            "{{.HostConfig.Init}}", "{{.HostConfig.Isolation}}", "{{.HostConfig.Tmpfs}}", "{{.HostConfig.MemorySwap}}",
            "{{.HostConfig.MemorySwappiness}}", "{{.ExecIDs}}", "{{json .Config.Healthcheck}}", "{{json .State.Health}}"};

    /**
     * Each field through its own template, joined with '|'. One template per field: the CLI runs a template on
     * its typed struct and, when that fails, on the raw JSON, where an absent key is an error and null prints
     * {@code <no value>}; a field at a time is what a learner types, and prints the same against dockerd.
     */
    private static String fields(DockerCli cli, String container) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String f : FIELDS) {
            out.add(cli.run("inspect", "--format", f, container).assertOk().out());
        }
        return String.join("|", out);
    }

    @Test
    void defaults_print_as_dockerd_prints_them_with_both_clis() throws Exception {
        fx.cli.run("create", "--name", "plain", "busybox", "true").assertOk();
        try {
            for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
                assertEquals("0||runc|[]|private|<nil>||map[]|0|<nil>|[]|null|null", fields(cli, "plain"));
            }
        } finally {
            fx.cli.run("rm", "plain").assertOk();
        }
    }

    @Test
    void given_values_print_back_and_cpu_shares_weigh_the_container() throws Exception {
        fx.cli.run("run", "-d", "--name", "weighted", "--cpu-shares", "512", "--cpuset-cpus", "0",
                "--memory", "64m", "--memory-swappiness", "10", "--init", "--tmpfs", "/scratch:size=1m",
                "busybox", "sleep", "60").assertOk();
        try {
            for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
                assertEquals("512|0|runc|[]|private|true||map[/scratch:size=1m]|134217728|10|[]|null|null",
                        fields(cli, "weighted"));
            }
            String id = fx.cli.run("inspect", "--format", "{{.Id}}", "weighted").assertOk().out();
            JsonNode spec = Json.MAPPER.readTree(Files.readAllBytes(fx.space().containers().store().dirOf(id)
                    .resolve("bundle/config.json")));
            assertEquals(512, spec.path("linux").path("resources").path("cpu").path("shares").asInt(), spec.toString());
        } finally {
            fx.cli.run("rm", "-f", "weighted").assertOk();
        }
    }

    @Test
    void init_false_given_is_shown_as_false() throws Exception {
        fx.cli.run("create", "--name", "noinit", "--init=false", "busybox", "true").assertOk();
        try {
            // The CLI sends Init only when the flag was given; dockerd then echoes it.
            String init = fx.cli.run("inspect", "--format", "{{.HostConfig.Init}}", "noinit").assertOk().out();
            assertTrue(init.equals("false") || init.equals("<nil>"), init);
        } finally {
            fx.cli.run("rm", "noinit").assertOk();
        }
    }

    @Test
    void a_healthcheck_shows_in_config_and_a_running_container_is_starting() throws Exception {
        fx.cli.run("run", "-d", "--name", "checked", "--health-cmd", "true", "--health-interval", "30s",
                "busybox", "sleep", "60").assertOk();
        try {
            for (DockerCli cli : new DockerCli[]{fx.cli, fx.cli.using(DockerCli.NEWEST)}) {
                assertEquals("[CMD-SHELL true] 30s starting 0", cli.run("inspect", "--format",
                        "{{.Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}} {{.State.Health.Status}}"
                                + " {{.State.Health.FailingStreak}}", "checked").assertOk().out());
            }
        } finally {
            fx.cli.run("rm", "-f", "checked").assertOk();
        }
    }

    @Test
    void the_images_healthcheck_is_the_containers_unless_it_has_its_own() throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("health");
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\nHEALTHCHECK --interval=45s CMD true\n");
        fx.cli.run("build", "-q", "-t", "healthy", dir.toString()).assertOk();
        fx.cli.run("run", "-d", "--name", "inherits", "healthy", "sleep", "60").assertOk();
        fx.cli.run("run", "-d", "--name", "overrides", "--health-cmd", "false", "healthy", "sleep", "60").assertOk();
        fx.cli.run("run", "-d", "--name", "disabled", "--no-healthcheck", "healthy", "sleep", "60").assertOk();
        try {
            assertEquals("[CMD-SHELL true] 45s starting", fx.cli.run("inspect", "--format",
                    "{{.Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}} {{.State.Health.Status}}", "inherits")
                    .assertOk().out());
            assertEquals("[CMD-SHELL false] 45s", fx.cli.run("inspect", "--format",
                    "{{.Config.Healthcheck.Test}} {{.Config.Healthcheck.Interval}}", "overrides").assertOk().out());
            assertEquals("[NONE] null", fx.cli.run("inspect", "--format",
                    "{{.Config.Healthcheck.Test}} {{json .State.Health}}", "disabled").assertOk().out());
        } finally {
            fx.cli.run("rm", "-f", "inherits", "overrides", "disabled").assertOk();
            fx.cli.run("rmi", "healthy").assertOk();
        }
    }

    @Test
    void exec_ids_list_the_running_execs() throws Exception {
        fx.cli.run("run", "-d", "--name", "execd", "busybox", "sleep", "60").assertOk();
        try {
            assertEquals("[]", fx.cli.run("inspect", "--format", "{{.ExecIDs}}", "execd").assertOk().out());
            fx.cli.run("exec", "-d", "execd", "sleep", "30").assertOk();
            String ids = fx.cli.run("inspect", "--format", "{{len .ExecIDs}} {{index .ExecIDs 0}}", "execd").assertOk().out();
            assertTrue(ids.matches("1 [0-9a-f]{64}"), ids);
        } finally {
            fx.cli.run("rm", "-f", "execd").assertOk();
        }
    }
}
