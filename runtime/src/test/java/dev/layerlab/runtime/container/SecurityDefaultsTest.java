package dev.layerlab.runtime.container;

import dev.layerlab.runtime.stdio.ContainerLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** What a process inside a default container can and cannot do, checked from inside it. */
class SecurityDefaultsTest {
    static EngineFixture engine;

    @BeforeAll
    static void setUp() throws Exception {
        engine = new EngineFixture();
    }

    @AfterAll
    static void tearDown() throws Exception {
        engine.close();
    }

    private static String sh(String script) throws Exception {
        ContainerRecord c = engine.containers.create(null, ContainerConfig.builder("busybox").cmd("sh", "-c", script).build());
        var exit = engine.containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.containers.start(c.id());
        exit.get(20, TimeUnit.SECONDS);
        return ContainerLog.text(engine.containers.store().get(c.id()).log().read(-1)).strip();
    }

    @Test
    void capabilities_are_dockers_default_set_and_no_new_privileges_is_set() throws Exception {
        String status = sh("grep -E '^(CapEff|CapBnd|NoNewPrivs|Seccomp):' /proc/self/status");
        // Docker's 14 default capabilities: chown dac_override fowner fsetid kill setgid setuid setpcap
        // net_bind_service net_raw sys_chroot mknod audit_write setfcap = 0x00000000a80425fb.
        assertTrue(status.contains("CapEff:\t00000000a80425fb"), status);
        assertTrue(status.contains("CapBnd:\t00000000a80425fb"), status);
        assertTrue(status.contains("NoNewPrivs:\t1"), status);
        assertTrue(status.contains("Seccomp:\t2"), status);
    }

    @Test
    void cap_drop_removes_capabilities_from_the_default_set() throws Exception {
        ContainerRecord c = engine.containers.create(null, ContainerConfig.builder("busybox").capDrop(java.util.List.of("NET_RAW", "cap_chown"))
                .cmd("grep", "CapEff", "/proc/self/status").build());
        var exit = engine.containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.containers.start(c.id());
        exit.get(20, TimeUnit.SECONDS);
        // a80425fb without CAP_CHOWN (bit 0) and CAP_NET_RAW (bit 13) = a80405fa
        assertTrue(ContainerLog.text(engine.containers.store().get(c.id()).log().read(-1)).contains("00000000a80405fa"));
    }

    @Test
    void a_non_root_user_has_no_effective_capabilities() throws Exception {
        ContainerRecord c = engine.containers.create(null, ContainerConfig.builder("busybox").user("app")
                .cmd("grep", "CapEff", "/proc/self/status").build());
        var exit = engine.containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.containers.start(c.id());
        exit.get(20, TimeUnit.SECONDS);
        assertTrue(ContainerLog.text(engine.containers.store().get(c.id()).log().read(-1)).contains("0000000000000000"));
    }

    @Test
    void proc_is_masked_sys_is_read_only_and_mounting_is_refused() throws Exception {
        String out = sh("exec 2>/dev/null; for f in /proc/kcore /proc/timer_list /proc/keys /proc/sched_debug; do "
                + "[ -e $f ] && echo masked $f $(wc -c < $f); done; "
                + "echo 1 > /proc/sys/kernel/domainname || echo procsys-ro; "
                + "touch /sys/x || echo sys-ro; mount -t tmpfs none /mnt || echo no-mount; "
                + "unshare -U true || echo no-unshare");
        List<String> masked = out.lines().filter(l -> l.startsWith("masked ")).toList();
        assertFalse(masked.isEmpty(), out);
        assertTrue(masked.stream().allMatch(l -> l.endsWith(" 0")), "masked paths read empty: " + out);
        assertTrue(out.contains("procsys-ro"), out);
        assertTrue(out.contains("sys-ro"), out);
        assertTrue(out.contains("no-mount"), out);
        assertTrue(out.contains("no-unshare"), out);
    }

    @Test
    void every_container_has_memory_and_pids_limits_and_its_own_namespaces() throws Exception {
        String out = sh("cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; "
                + "echo pid1=$$; ls /sys/class/net");
        assertTrue(out.contains(String.valueOf(Limits.DEFAULT.memoryBytes())), out);
        assertTrue(out.contains(String.valueOf(Limits.DEFAULT.pidsLimit())), out);
        assertTrue(out.contains("pid1=1"), out);
        assertEquals("lo", out.substring(out.lastIndexOf('\n') + 1), "no host network interfaces: " + out);
    }

    @Test
    void a_fork_bomb_hits_the_pids_limit_not_the_host() throws Exception {
        ContainerRecord c = engine.containers.create(null, ContainerConfig.builder("busybox").pidsLimit(20)
                // The inner shell dies when fork fails ("can't fork"); the outer one reads the counters.
                .cmd("sh", "-c", "sh -c 'for i in $(seq 1 40); do sleep 5 & done' 2>/dev/null; "
                        + "read n < /sys/fs/cgroup/pids/pids.current; echo current=$n; "
                        + "read e < /sys/fs/cgroup/pids/pids.events; echo $e").build());
        var exit = engine.containers.waitFor(c.id(), WaitCondition.NEXT_EXIT);
        engine.containers.start(c.id());
        int code = exit.get(30, TimeUnit.SECONDS);
        String out = ContainerLog.text(engine.containers.store().get(c.id()).log().read(-1));
        assertTrue(out.contains("current="), "exit " + code + ": " + out);
        int current = Integer.parseInt(out.replaceAll("(?s).*current=(\\d+).*", "$1"));
        int refused = Integer.parseInt(out.replaceAll("(?s).*max (\\d+).*", "$1"));
        assertTrue(current <= 20, out);
        assertTrue(refused > 0, "forks beyond the limit were refused: " + out);
    }
}
