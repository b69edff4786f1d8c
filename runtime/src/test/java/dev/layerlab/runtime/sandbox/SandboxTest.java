package dev.layerlab.runtime.sandbox;

import dev.layerlab.runtime.Engine;
import dev.layerlab.runtime.EngineSettings;
import dev.layerlab.runtime.Space;
import dev.layerlab.runtime.container.ContainerConfig;
import dev.layerlab.runtime.container.ContainerRecord;
import dev.layerlab.runtime.container.ExecConfig;
import dev.layerlab.runtime.container.MountRequest;
import dev.layerlab.runtime.container.PortBinding;
import dev.layerlab.runtime.container.Status;
import dev.layerlab.runtime.io.AtomicFiles;
import dev.layerlab.runtime.network.Netns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Real sandboxes: host container, own network, published ports, binds inside the host, limits, removal. */
class SandboxTest {
    static Path data;
    static Engine engine;
    static Sandboxes sandboxes;

    @BeforeAll
    static void open() throws Exception {
        data = Files.createTempDirectory("layerlab-sandbox-");
        engine = Engine.open(EngineSettings.defaults(data));
        engine.baseImages().ensureBusybox();
        SandboxSettings defaults = SandboxSettings.defaults();
        engine.baseImages().ensureSandbox(defaults.dockerCli());
        sandboxes = new Sandboxes(engine, new SandboxSettings(Path.of("/run/layerlab/test-sb-" + data.getFileName().toString().substring(17)),
                defaults.dockerCli(), defaults.containerLimits(), defaults.memoryBytes(), defaults.pidsLimit(),
                defaults.cpuShares(), 5, false));
    }

    @AfterAll
    static void close() throws Exception {
        sandboxes.close();
        engine.close();
        AtomicFiles.deleteTree(data);
        AtomicFiles.deleteTree(sandboxes.settings().socketRoot());
    }

    static String execInHost(Sandbox sb, String script) throws Exception {
        Space host = sandboxes.hostSpace(sb);
        var s = host.execs().create(sb.hostContainerId(), new ExecConfig(List.of("bash", "-c", script), List.of(), "", "",
                false, false, true, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        host.execs().start(s.id(), (stream, bytes, n) -> out.write(bytes, 0, n));
        int code = s.exit().get(30, TimeUnit.SECONDS);
        assertEquals(0, code, out.toString());
        return out.toString();
    }

    static ContainerRecord webServer(Sandbox sb, String page, int hostPort) throws Exception {
        Space space = sandboxes.space(sb);
        ContainerRecord web = space.containers().create(null, ContainerConfig.builder("busybox")
                .cmd("sh", "-c", "mkdir -p /www && echo " + page + " > /www/index.html && exec httpd -f -p 80 -h /www")
                .ports(List.of(new PortBinding(80, "tcp", "", hostPort))).build());
        space.containers().start(web.id());
        return space.containers().inspect(web.id());
    }

    @Test
    void two_sandboxes_publish_the_same_port_and_each_shell_reaches_its_own_container() throws Exception {
        Sandbox a = sandboxes.create();
        Sandbox b = sandboxes.create();
        assertEquals(Status.RUNNING, sandboxes.hostSpace(a).containers().inspect(a.hostContainerId()).state().status());
        ContainerRecord webA = webServer(a, "page-of-a", 5000);
        webServer(b, "page-of-b", 5000);
        assertFalse(webA.state().ip().isEmpty());
        assertEquals(5000, webA.state().ports().get(0).hostPort());
        Thread.sleep(200); // httpd binding its port
        assertEquals("page-of-a\n", execInHost(a, "curl -s --max-time 3 http://localhost:5000/"));
        assertEquals("page-of-b\n", execInHost(b, "curl -s --max-time 3 http://localhost:5000/"));
        assertEquals("page-of-a\n", execInHost(a, "curl -s --max-time 3 http://" + webA.state().ip() + "/"));
        sandboxes.delete(a.id());
        sandboxes.delete(b.id());
    }

    @Test
    void binds_are_paths_of_the_sandbox_host_and_docker_sock_is_there() throws Exception {
        Sandbox sb = sandboxes.create();
        execInHost(sb, "mkdir -p /root/app && echo from-the-host > /root/app/hello.txt && test -L /var/run/docker.sock");
        Space space = sandboxes.space(sb);
        ContainerRecord c = space.containers().create(null, ContainerConfig.builder("busybox").cmd("cat", "/app/hello.txt")
                .mounts(List.of(MountRequest.parseBind("/root/app:/app"))).build());
        var exit = space.containers().waitFor(c.id(), dev.layerlab.runtime.container.WaitCondition.NEXT_EXIT);
        space.containers().start(c.id());
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        assertEquals("from-the-host\n", dev.layerlab.runtime.stdio.ContainerLog.text(space.containers().store().get(c.id()).log().read(-1)));
        sandboxes.delete(sb.id());
    }

    @Test
    void the_container_cap_is_a_clear_error_and_removal_leaves_nothing() throws Exception {
        Sandbox sb = sandboxes.create();
        Space space = sandboxes.space(sb);
        for (int i = 0; i < 5; i++) {
            space.containers().create(null, ContainerConfig.builder("busybox").cmd("true").build());
        }
        var full = assertThrows(dev.layerlab.runtime.error.ConflictException.class,
                () -> space.containers().create(null, ContainerConfig.builder("busybox").cmd("true").build()));
        assertTrue(full.getMessage().contains("limit"), full.getMessage());
        assertTrue(Files.isDirectory(Path.of("/sys/fs/cgroup/memory/layerlab/sb-" + sb.id())));
        sandboxes.delete(sb.id());
        assertFalse(Netns.list().stream().anyMatch(n -> n.contains(sb.id())), Netns.list().toString());
        assertFalse(Files.exists(Path.of("/sys/fs/cgroup/memory/layerlab/sb-" + sb.id())));
        assertTrue(engine.spaces().stream().noneMatch(s -> s.name().endsWith(sb.id())));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(sb.hostContainerId()));
    }
}
