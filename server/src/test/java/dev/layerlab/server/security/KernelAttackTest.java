package dev.layerlab.server.security;

import dev.layerlab.server.cli.SandboxFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A learner's program in a learner's container (the real CLI, busybox, a static C probe) tries the
 * kernel interfaces that lead out of a container: vsock to the hypervisor, new namespaces, mounts,
 * keyrings, BPF, file handles, device nodes, the kernel's writable files. Each must be refused, and
 * what Docker allows (ordinary sockets, raw ICMP, fork, chroot, fifos) must keep working.
 */
class KernelAttackTest {
    @RegisterExtension
    static final SandboxFixture fx = new SandboxFixture();

    @BeforeAll
    static void installProbe() throws Exception {
        Probe.install(fx);
    }

    private static void refused(Map<String, String> results, String expected) {
        results.forEach((attack, result) -> assertEquals(expected, result, attack + " must be refused: " + results));
    }

    @Test
    void vsock_sockets_to_the_hypervisor_cannot_be_created() throws Exception {
        refused(Probe.run(fx, List.of(), "vsock-stream", "vsock-dgram", "vsock-seqpacket", "vsock-socketpair"), "EPERM");
    }

    @Test
    void the_32_bit_syscall_table_is_no_way_around_the_vsock_rule() throws Exception {
        // int 0x80 from a 64-bit program enters the i386 table, where socketcall's arguments sit behind a
        // pointer seccomp cannot read: libseccomp would allow socketcall(SYS_SOCKET, AF_VSOCK). So the
        // i386 ABI is not in the profile at all, and its first syscall kills the process (SIGSYS, 128+31).
        for (String attack : List.of("vsock-socketcall32", "vsock-socket32", "inet-socket32")) {
            String out = fx.cli.run("run", "--rm", "-v", Probe.IN_HOST + ":/probe:ro", "busybox", "sh", "-c",
                    "/probe " + attack + "; echo exit=$?").assertOk().out();
            assertEquals("exit=159", out, attack);
        }
    }

    @Test
    void namespaces_mounts_and_the_new_mount_api_are_refused() throws Exception {
        refused(Probe.run(fx, List.of(), "mount-tmpfs", "unshare-user", "unshare-mount", "unshare-net", "clone-newuser",
                "setns", "fsopen", "open-tree"), "EPERM");
        // Docker answers clone3 with ENOSYS, so glibc falls back to clone, whose flags seccomp can read.
        assertEquals(Map.of("clone3", "ENOSYS"), Probe.run(fx, List.of(), "clone3"));
    }

    @Test
    void keyrings_bpf_file_handles_and_other_kernel_interfaces_are_refused() throws Exception {
        refused(Probe.run(fx, List.of(), "keyctl", "add-key", "bpf", "open-by-handle-at", "userfaultfd", "io-uring-setup",
                "perf-event-open", "kexec-load", "init-module", "reboot", "swapon", "pidfd-getfd", "alg-socket",
                "personality-odd"), "EPERM");
    }

    @Test
    void block_devices_cannot_be_made() throws Exception {
        refused(Probe.run(fx, List.of(), "mknod-block", "mknodat-block"), "EPERM");
        // Fifos stay; device nodes of any kind are refused by the kernel in a user namespace (as under
        // Docker's --userns-remap), beyond the device cgroup that keeps them closed anyway.
        assertEquals(Map.of("mknod-fifo", "ok", "mknod-null", "EPERM"), Probe.run(fx, List.of(), "mknod-fifo", "mknod-null"));
        String opened = fx.cli.run("run", "--rm", "busybox", "sh", "-c", "mknod /tmp/mem c 1 1 2>&1 && head -c 1 /tmp/mem 2>&1; echo $?")
                .out();
        assertTrue(opened.endsWith("1") && opened.contains("Operation not permitted"), opened);
    }

    @Test
    void the_kernels_writable_files_are_read_only() throws Exception {
        Map<String, String> results = Probe.run(fx, List.of(), "write-proc-sys", "write-sysrq-trigger", "write-sys");
        // /proc/sys is read-only, and its files are the real root's, whom the sandbox's user namespace
        // cannot name: the permission check refuses first.
        assertEquals("EACCES", results.get("write-proc-sys"), results.toString());
        assertEquals("EROFS", results.get("write-sys"), results.toString());
        // A kernel without CONFIG_MAGIC_SYSRQ (this test machine's) has no /proc/sysrq-trigger at all.
        assertEquals(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/sysrq-trigger")) ? "EROFS" : "ENOENT",
                results.get("write-sysrq-trigger"), results.toString());
    }

    @Test
    void a_non_root_user_cannot_trace_another_users_process() throws Exception {
        // busybox sh -c with a second command keeps sh as PID 1 (root) while the probe runs as 1000.
        var r = fx.cli.run("run", "--rm", "-v", Probe.IN_HOST + ":/probe:ro", "busybox", "sh", "-c",
                "su -s /bin/sh nobody -c '/probe ptrace-pid1'; true").assertOk();
        assertEquals("ptrace-pid1 EPERM", r.out());
    }

    @Test
    void what_docker_allows_keeps_working() throws Exception {
        Map<String, String> results = Probe.run(fx, List.of(), "inet-socket", "unix-socketpair", "raw-icmp-socket", "fork",
                "chroot", "personality-linux32");
        refused(results, "ok");
        // CAP_NET_RAW is in Docker's default set, so ping works as in Docker (to loopback only, here).
        assertTrue(fx.cli.run("run", "--rm", "busybox", "ping", "-c", "1", "-W", "2", "127.0.0.1").assertOk().out()
                .contains("1 packets received"));
    }
}
