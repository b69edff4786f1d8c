package dev.layerlab.server.containers;

import dev.layerlab.server.cli.CliResult;
import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Flags that would give a container more than Docker's default power are refused, naming the flag. */
class ContainerSecurityCliTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    private static void refused(String flag, String... runArgs) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--rm"));
        args.addAll(List.of(runArgs));
        args.addAll(List.of("busybox", "true"));
        CliResult r = fx.cli.run(args.toArray(String[]::new));
        assertEquals(125, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains(flag + " is not available in this playground: a learner's containers never"
                + " get more power than Docker's defaults"), r.stderr());
    }

    @Test
    void privileged() throws Exception {
        refused("--privileged", "--privileged");
    }

    @Test
    void host_namespaces() throws Exception {
        refused("--pid=host", "--pid=host");
        refused("--network=host", "--network=host");
        refused("--ipc=host", "--ipc=host");
    }

    @Test
    void capabilities_beyond_the_default_set() throws Exception {
        refused("--cap-add SYS_ADMIN", "--cap-add", "SYS_ADMIN");
        assertEquals(0, fx.cli.run("run", "--rm", "--cap-add", "CHOWN", "busybox", "true").exitCode());
    }

    @Test
    void cap_drop_takes_capabilities_away() throws Exception {
        String status = fx.cli.run("run", "--rm", "--cap-drop", "ALL", "busybox", "grep", "CapEff", "/proc/self/status")
                .assertOk().out();
        assertTrue(status.endsWith("0000000000000000"), status);
        assertEquals("chown: /tmp: Operation not permitted", fx.cli.run("run", "--rm", "--cap-drop", "CHOWN", "busybox",
                "chown", "nobody", "/tmp").stderr().strip());
    }

    @Test
    void devices_sysctls_and_security_options() throws Exception {
        refused("--device", "--device", "/dev/kmsg");
        refused("--sysctl", "--sysctl", "net.ipv4.ip_forward=1");
        refused("--security-opt seccomp=unconfined", "--security-opt", "seccomp=unconfined");
    }

    @Test
    void nothing_is_left_behind_by_a_refusal() throws Exception {
        refused("--privileged", "--privileged", "--name", "never");
        assertFalse(fx.cli.run("ps", "-a", "--format", "{{.Names}}").out().contains("never"));
    }

    @Test
    void malformed_json_is_a_400() throws Exception {
        Process p = new ProcessBuilder("curl", "-s", "-o", "/dev/stderr", "-w", "%{http_code}", "--unix-socket",
                fx.sandbox.apiSocket().toString(), "-H", "Content-Type: application/json", "-d", "{\"Image\": ",
                "http://docker/v1.41/containers/create").start();
        String code = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String body = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        assertEquals("400", code, body);
        assertTrue(body.startsWith("{\"message\":\"invalid JSON"), body);
    }
}
